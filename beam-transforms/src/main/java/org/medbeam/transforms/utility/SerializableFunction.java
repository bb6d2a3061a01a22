package org.medbeam.transforms.utility;

import java.io.Serializable;
import java.util.function.Function;

/** A {@link Function} that Beam can ship to workers (Lambda's {@code func}). */
@FunctionalInterface
public interface SerializableFunction<A, B> extends Function<A, B>, Serializable {}
