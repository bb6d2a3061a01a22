package org.medbeam.io.dicom;

import java.util.Locale;

/**
 * DICOM tags medbeam uses by name, as {@code int}s {@code (group << 16) | element}, and helpers to
 * format them. Any other tag is found by keyword through {@link DicomDictionary}.
 */
public final class Tags {
  private Tags() {}

  // file meta (group 0002)
  public static final int FILE_META_INFORMATION_GROUP_LENGTH = 0x00020000;
  public static final int FILE_META_INFORMATION_VERSION = 0x00020001;
  public static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
  public static final int MEDIA_STORAGE_SOP_INSTANCE_UID = 0x00020003;
  public static final int TRANSFER_SYNTAX_UID = 0x00020010;
  public static final int IMPLEMENTATION_CLASS_UID = 0x00020012;
  public static final int IMPLEMENTATION_VERSION_NAME = 0x00020013;

  // identification and the tags users filter on
  public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
  public static final int IMAGE_TYPE = 0x00080008;
  public static final int SOP_CLASS_UID = 0x00080016;
  public static final int SOP_INSTANCE_UID = 0x00080018;
  public static final int STUDY_DATE = 0x00080020;
  public static final int SERIES_DATE = 0x00080021;
  public static final int ACQUISITION_DATE = 0x00080022;
  public static final int CONTENT_DATE = 0x00080023;
  public static final int ACQUISITION_DATE_TIME = 0x0008002A;
  public static final int STUDY_TIME = 0x00080030;
  public static final int SERIES_TIME = 0x00080031;
  public static final int ACQUISITION_TIME = 0x00080032;
  public static final int CONTENT_TIME = 0x00080033;
  public static final int ACCESSION_NUMBER = 0x00080050;
  public static final int MODALITY = 0x00080060;
  public static final int MANUFACTURER = 0x00080070;
  public static final int STUDY_DESCRIPTION = 0x00081030;
  public static final int SERIES_DESCRIPTION = 0x0008103E;
  public static final int MANUFACTURER_MODEL_NAME = 0x00081090;
  public static final int PATIENT_NAME = 0x00100010;
  public static final int PATIENT_ID = 0x00100020;
  public static final int BODY_PART_EXAMINED = 0x00180015;
  public static final int SLICE_THICKNESS = 0x00180050;
  public static final int SPACING_BETWEEN_SLICES = 0x00180088;
  public static final int PROTOCOL_NAME = 0x00181030;
  public static final int ECHO_NUMBERS = 0x00180086;
  public static final int STUDY_INSTANCE_UID = 0x0020000D;
  public static final int SERIES_INSTANCE_UID = 0x0020000E;
  public static final int STUDY_ID = 0x00200010;
  public static final int SERIES_NUMBER = 0x00200011;
  public static final int ACQUISITION_NUMBER = 0x00200012;
  public static final int INSTANCE_NUMBER = 0x00200013;
  public static final int IMAGE_POSITION_PATIENT = 0x00200032;
  public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
  public static final int FRAME_OF_REFERENCE_UID = 0x00200052;
  public static final int TEMPORAL_POSITION_IDENTIFIER = 0x00200100;
  public static final int SLICE_LOCATION = 0x00201041;

  // image pixel module
  public static final int SAMPLES_PER_PIXEL = 0x00280002;
  public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
  public static final int PLANAR_CONFIGURATION = 0x00280006;
  public static final int NUMBER_OF_FRAMES = 0x00280008;
  public static final int ROWS = 0x00280010;
  public static final int COLUMNS = 0x00280011;
  public static final int PIXEL_SPACING = 0x00280030;
  public static final int BITS_ALLOCATED = 0x00280100;
  public static final int BITS_STORED = 0x00280101;
  public static final int HIGH_BIT = 0x00280102;
  public static final int PIXEL_REPRESENTATION = 0x00280103;
  public static final int WINDOW_CENTER = 0x00281050;
  public static final int WINDOW_WIDTH = 0x00281051;
  public static final int RESCALE_INTERCEPT = 0x00281052;
  public static final int RESCALE_SLOPE = 0x00281053;
  public static final int RESCALE_TYPE = 0x00281054;
  public static final int RED_PALETTE_LUT_DESCRIPTOR = 0x00281101;
  public static final int GREEN_PALETTE_LUT_DESCRIPTOR = 0x00281102;
  public static final int BLUE_PALETTE_LUT_DESCRIPTOR = 0x00281103;
  public static final int RED_PALETTE_LUT_DATA = 0x00281201;
  public static final int GREEN_PALETTE_LUT_DATA = 0x00281202;
  public static final int BLUE_PALETTE_LUT_DATA = 0x00281203;
  public static final int SEGMENTED_RED_PALETTE_LUT_DATA = 0x00281221;

  // enhanced multi-frame functional groups
  public static final int SHARED_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009229;
  public static final int PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE = 0x52009230;
  public static final int PIXEL_MEASURES_SEQUENCE = 0x00289110;
  public static final int PLANE_POSITION_SEQUENCE = 0x00209113;
  public static final int PLANE_ORIENTATION_SEQUENCE = 0x00209116;
  public static final int PIXEL_VALUE_TRANSFORMATION_SEQUENCE = 0x00289145;
  public static final int FRAME_CONTENT_SEQUENCE = 0x00209111;

  // pixel data and structure
  public static final int FLOAT_PIXEL_DATA = 0x7FE00008;
  public static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
  public static final int PIXEL_DATA = 0x7FE00010;
  public static final int ITEM = 0xFFFEE000;
  public static final int ITEM_DELIMITATION_ITEM = 0xFFFEE00D;
  public static final int SEQUENCE_DELIMITATION_ITEM = 0xFFFEE0DD;

  /** The tag of a group and element. */
  public static int of(int group, int element) {
    return (group << 16) | (element & 0xFFFF);
  }

  public static int group(int tag) {
    return tag >>> 16;
  }

  public static int element(int tag) {
    return tag & 0xFFFF;
  }

  /** Odd groups (other than 0001-0007, FFFF) hold private tags. */
  public static boolean isPrivate(int tag) {
    int g = group(tag);
    return (g & 1) == 1 && g > 0x0007 && g != 0xFFFF;
  }

  /** Is this one of the three pixel-data tags (7FE0,0008/0009/0010)? */
  public static boolean isPixelData(int tag) {
    return tag == PIXEL_DATA || tag == FLOAT_PIXEL_DATA || tag == DOUBLE_FLOAT_PIXEL_DATA;
  }

  /** {@code "(0010,0010)"}. */
  public static String toString(int tag) {
    return String.format(Locale.ROOT, "(%04X,%04X)", group(tag), element(tag));
  }

  /** {@code "(0010,0010) PatientName"}, or just the tag when the dictionary does not know it. */
  public static String describe(int tag) {
    String kw = DicomDictionary.standard().keyword(tag);
    return kw == null ? toString(tag) : toString(tag) + " " + kw;
  }
}
