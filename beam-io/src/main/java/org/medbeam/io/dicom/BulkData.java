package org.medbeam.io.dicom;

/**
 * A value a header scan skipped instead of reading: where it is in the (inflated) stream and how
 * long it is. A scan over a million files stays cheap because overlays, private blobs and pixel
 * data are never read.
 *
 * @param offset byte offset of the value in the data stream (after inflation for deflated files)
 * @param length value length in bytes; -1 for undefined length (encapsulated pixel data)
 */
public record BulkData(long offset, long length) {}
