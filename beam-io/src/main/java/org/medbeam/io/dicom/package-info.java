/**
 * medbeam's own DICOM layer: Part 10 parsing, pixel decoding, series assembly, writing, and Beam
 * IO for archives.
 *
 * <ul>
 *   <li>{@link org.medbeam.io.dicom.DicomFile#readHeader} parses a file's header (PS3.10 meta,
 *       then implicit/explicit VR, little/big endian or deflated, nested sequences) and stops at
 *       pixel data; bulk values are skipped. {@link org.medbeam.io.dicom.DicomDataset} holds the
 *       elements (raw bytes, decoded on access); {@link org.medbeam.io.dicom.DicomDictionary} is
 *       generated from DCMTK's dictionary.
 *   <li>{@link org.medbeam.io.dicom.DicomFileReader} ({@code ImageReader} "dicom") decodes one
 *       file to a volume {@code (C, X, Y[, F])}: native 1/8/16/32-bit and float pixels, RLE,
 *       JPEG (baseline, 12-bit extended, lossless; medbeam's decoder, exact against libjpeg),
 *       JPEG 2000 (jai-imageio); YBR → RGB and palette colour as pydicom does; the modality LUT
 *       as MONAI's PydicomReader. JPEG-LS and other codecs fail with {@link
 *       org.medbeam.io.dicom.UnsupportedTransferSyntaxException} naming the UID.
 *   <li>{@link org.medbeam.io.dicom.DicomSeriesReader} scans files into {@link
 *       org.medbeam.io.dicom.DicomSeries} (grouped by SeriesInstanceUID, split when mixed, slices
 *       ordered along the normal) and assembles each into one volume {@code (C, X, Y, Z)} whose
 *       RAS affine puts every voxel where dcm2niix puts it.
 *   <li>{@link org.medbeam.io.dicom.DicomWriter} and {@link
 *       org.medbeam.io.dicom.DicomSeriesWriter} write Part 10 files (explicit VR little endian).
 *   <li>{@link org.medbeam.io.dicom.DicomIO#readSeries()} does the same over a Beam file pattern
 *       with failures as an output.
 * </ul>
 *
 * <p>Every malformed, truncated or hostile input is a typed {@link
 * org.medbeam.io.ImageReadException} ({@link org.medbeam.io.dicom.DicomParseException}, {@link
 * org.medbeam.io.dicom.DicomSeriesException}, …) naming the file and the reason, raised before
 * anything of a claimed size is allocated.
 */
package org.medbeam.io.dicom;
