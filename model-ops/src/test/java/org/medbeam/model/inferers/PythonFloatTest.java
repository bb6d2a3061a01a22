package org.medbeam.model.inferers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PythonFloatTest {
  @Test
  void matchesPythonRepr() {
    // expected strings: python3 -c "print(repr(x))" (numpy 1.24's str(np.float64(x)) is the same)
    Object[][] cases = {
      {0.1, "0.1"},
      {1e-5, "1e-05"},
      {1.5e-7, "1.5e-07"},
      {1e16, "1e+16"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {1234567890123456.0, "1234567890123456.0"},
      {0.0001, "0.0001"},
      {Double.MIN_VALUE, "5e-324"},
      {(double) 0.1f, "0.10000000149011612"},
      {Double.MIN_NORMAL, "2.2250738585072014e-308"},
      {1.0, "1.0"},
      {-2.5, "-2.5"},
      {100.0, "100.0"},
      {9007199254740993.0, "9007199254740992.0"},
      {(double) 0.31916436553001404f, "0.31916436553001404"},
      {Math.pow(2, 60), "1.152921504606847e+18"},
      {1e22, "1e+22"},
      {1e23, "1e+23"},
      {0.3, "0.3"},
      {2.0 / 3, "0.6666666666666666"},
      {(double) 1e-5f, "9.999999747378752e-06"},
      {-0.0, "-0.0"},
      {Double.NaN, "nan"},
      {Double.NEGATIVE_INFINITY, "-inf"},
    };
    for (Object[] c : cases) {
      assertEquals(c[1], PythonFloat.repr((Double) c[0]), "repr of " + c[0]);
    }
  }
}
