package org.medbeam.transforms;

import org.medbeam.core.Sample;

/** A dictionary transform whose effect on each of its keys can be undone (MONAI's inverse). */
public interface InvertibleMapTransform extends MapTransform {
  Sample inverse(Sample sample);
}
