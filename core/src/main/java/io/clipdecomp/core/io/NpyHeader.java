package io.clipdecomp.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The header of a .npy file: element type, shape and where the data starts. */
final class NpyHeader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy aligns the data to 64 bytes (numpy.lib.format.ARRAY_ALIGN). */
    private static final int ALIGN = 64;
    /** numpy leaves room for the first axis to grow to this many digits (GROWTH_AXIS_MAX_DIGITS). */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int V1_PREFIX = MAGIC.length + 2 + 2;
    private static final int MAX_HEADER_TEXT = 1 << 20;

    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*(['\"])(.*?)\\1");
    private static final Pattern DESCR_ANY = Pattern.compile("['\"]descr['\"]\\s*:\\s*([^,]*)");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private final NpyDtype dtype;
    private final long[] shape;
    private final long dataOffset;
    private final long elementCount;

    private NpyHeader(NpyDtype dtype, long[] shape, long dataOffset, long elementCount) {
        this.dtype = dtype;
        this.shape = shape;
        this.dataOffset = dataOffset;
        this.elementCount = elementCount;
    }

    NpyDtype dtype() {
        return dtype;
    }

    long[] shape() {
        return shape.clone();
    }

    long dataOffset() {
        return dataOffset;
    }

    long elementCount() {
        return elementCount;
    }

    /** Product of the dimensions; throws if it does not fit in a long. */
    static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /**
     * The bytes numpy's {@code np.save} writes before the data: magic, version 1.0, header length and the
     * header dict, padded with spaces and ending in a newline so that the data starts at a multiple of 64.
     */
    static byte[] encode(NpyDtype dtype, long[] shape) {
        StringBuilder text = new StringBuilder("{'descr': '").append(dtype.descr())
                .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            text.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        }
        int withNewline = text.length() + 1;
        // The same formula as numpy's _wrap_header, which pads a full 64 when already aligned.
        int padding = ALIGN - ((V1_PREFIX + withNewline) % ALIGN);
        text.append(" ".repeat(padding)).append('\n');
        byte[] header = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (header.length > 0xFFFF) {
            throw new IllegalArgumentException("npy header too long for format 1.0: " + header.length + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate(V1_PREFIX + header.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        return out.array();
    }

    /** Python's repr of the shape tuple: {@code (7,)} for one axis, {@code (7, 2)} for more, {@code ()} for none. */
    static String shapeRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder repr = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            repr.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return repr.append(')').toString();
    }

    /** Reads and checks the header of an open .npy file, including that the data is all there. */
    static NpyHeader read(FileChannel channel, Path file) throws IOException {
        long fileSize = channel.size();
        if (fileSize < V1_PREFIX) {
            throw new NpyFormatException("not a .npy file: " + file + " is only " + fileSize + " bytes long");
        }
        ByteBuffer prefix = ByteBuffer.allocate(V1_PREFIX).order(ByteOrder.LITTLE_ENDIAN);
        ChannelIo.readFully(channel, file, prefix, 0);
        prefix.flip();
        byte[] magic = new byte[MAGIC.length];
        prefix.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new NpyFormatException("not a .npy file: " + file + " does not start with \\x93NUMPY");
        }
        int major = prefix.get() & 0xFF;
        int minor = prefix.get() & 0xFF;
        long headerLength;
        int prefixLength;
        if (major == 1) {
            headerLength = prefix.getShort() & 0xFFFF;
            prefixLength = V1_PREFIX;
        } else if (major == 2 || major == 3) {
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ChannelIo.readFully(channel, file, length, MAGIC.length + 2);
            headerLength = length.flip().getInt() & 0xFFFFFFFFL;
            prefixLength = V1_PREFIX + 2;
        } else {
            throw new NpyFormatException("unsupported .npy format version " + major + "." + minor + " in " + file);
        }
        if (headerLength > MAX_HEADER_TEXT || prefixLength + headerLength > fileSize) {
            throw new NpyFormatException("bad .npy header in " + file + ": header length " + headerLength
                    + " does not fit in the file (" + fileSize + " bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        ChannelIo.readFully(channel, file, headerBytes, prefixLength);
        String text = new String(headerBytes.array(),
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyDtype dtype = parseDtype(text, file);
        parseFortranOrder(text, file);
        long[] shape = parseShape(text, file);
        long count;
        long dataBytes;
        try {
            count = elementCount(shape);
            dataBytes = Math.multiplyExact(count, dtype.itemSize());
        } catch (ArithmeticException e) {
            throw new NpyFormatException("bad .npy header in " + file + ": shape " + shapeRepr(shape) + " is too large");
        }
        long dataOffset = prefixLength + headerLength;
        if (fileSize - dataOffset < dataBytes) {
            throw new NpyFormatException("truncated .npy file " + file + ": shape " + shapeRepr(shape) + " of "
                    + dtype.descr() + " needs " + dataBytes + " data bytes but only " + (fileSize - dataOffset)
                    + " follow the header");
        }
        return new NpyHeader(dtype, shape, dataOffset, count);
    }

    private static NpyDtype parseDtype(String text, Path file) throws NpyFormatException {
        Matcher descr = DESCR.matcher(text);
        if (!descr.find()) {
            Matcher any = DESCR_ANY.matcher(text);
            String found = any.find() ? any.group(1).trim() : "nothing";
            throw new NpyFormatException("unsupported dtype in " + file + ": descr is " + found
                    + " (supported: <f4, <f8, <i4, <i8)");
        }
        return NpyDtype.fromDescr(descr.group(2)).orElseThrow(() -> new NpyFormatException(
                "unsupported dtype '" + descr.group(2) + "' in " + file + " (supported: <f4, <f8, <i4, <i8)"));
    }

    private static void parseFortranOrder(String text, Path file) throws NpyFormatException {
        Matcher fortran = FORTRAN.matcher(text);
        if (!fortran.find()) {
            throw new NpyFormatException("bad .npy header in " + file + ": no fortran_order in " + text.trim());
        }
        if (fortran.group(1).equals("True")) {
            throw new NpyFormatException("unsupported .npy file " + file
                    + ": fortran_order is True; save it in C order (np.ascontiguousarray) first");
        }
    }

    private static long[] parseShape(String text, Path file) throws NpyFormatException {
        Matcher shape = SHAPE.matcher(text);
        if (!shape.find()) {
            throw new NpyFormatException("bad .npy header in " + file + ": no shape tuple in " + text.trim());
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shape.group(1).split(",")) {
            String dim = part.trim();
            if (dim.endsWith("L")) {
                dim = dim.substring(0, dim.length() - 1);   // written by numpy under Python 2
            }
            if (dim.isEmpty()) {
                continue;
            }
            try {
                long value = Long.parseLong(dim);
                if (value < 0) {
                    throw new NumberFormatException();
                }
                dims.add(value);
            } catch (NumberFormatException e) {
                throw new NpyFormatException("bad .npy header in " + file + ": shape (" + shape.group(1)
                        + ") has a dimension that is not a non-negative integer");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}
