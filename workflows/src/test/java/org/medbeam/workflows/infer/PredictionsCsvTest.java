package org.medbeam.workflows.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PredictionsCsvTest {
  @Test
  void flattensARowIntoTheFixedColumns() {
    String row = "{\"id\":\"1.2.3\",\"source\":\"/a/IM0\",\"mask\":\"masks/P_1_x.nii.gz\","
        + "\"shape\":[1,66,66,21],\"spacing\":[0.5,0.5,2.0],\"dtype\":\"uint8\","
        + "\"label_volumes_ml\":{\"1\":4.5,\"2\":1.25},"
        + "\"timings_ms\":{\"preprocess\":18,\"inference\":535,\"write\":2},\"key\":\"ab\"}";
    assertEquals("1.2.3,/a/IM0,masks/P_1_x.nii.gz,1|66|66|21,0.5|0.5|2.0,uint8,1:4.5;2:1.25,"
        + "18,535,,2,ab", PredictionsCsv.line(row));
  }

  @Test
  void quotesCellsThatWouldBreakTheLine() {
    // a source path from a hostile archive: comma, quote and newline stay inside one cell
    String row = "{\"id\":\"s\",\"source\":\"/a,b/\\\"c\\\"\\nd\",\"mask\":\"m\",\"shape\":[1],"
        + "\"spacing\":[],\"dtype\":\"float32\",\"timings_ms\":{}}";
    assertEquals("s,\"/a,b/\"\"c\"\"\nd\",m,1,,float32,,,,,,", PredictionsCsv.line(row));
  }
}
