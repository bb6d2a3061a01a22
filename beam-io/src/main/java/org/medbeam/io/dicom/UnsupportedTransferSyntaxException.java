package org.medbeam.io.dicom;

import org.medbeam.io.ImageReadException;

/**
 * The pixel data of a file is encoded in a transfer syntax medbeam cannot decode (JPEG-LS, MPEG,
 * HTJ2K, an unknown UID): never garbage pixels, always this error naming the UID.
 */
public class UnsupportedTransferSyntaxException extends ImageReadException {
  private static final long serialVersionUID = 1L;

  private final String transferSyntaxUid;

  public UnsupportedTransferSyntaxException(String file, String transferSyntaxUid, String why) {
    super(file, "pixel data in transfer syntax " + describe(transferSyntaxUid) + " cannot be "
        + "decoded: " + why);
    this.transferSyntaxUid = transferSyntaxUid;
  }

  private static String describe(String uid) {
    TransferSyntax ts = TransferSyntax.of(uid);
    return uid + " (" + ts.name() + ")";
  }

  /** The UID of the transfer syntax that could not be decoded. */
  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }
}
