package io.clipdecomp.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Packs {@code float[]} + shape into {@link FloatTensor} (little-endian float32 bytes) and back, with checks. */
public final class FloatTensors {

    private FloatTensors() {
    }

    /**
     * Packs row-major {@code data} of the given shape.
     *
     * @throws IllegalArgumentException if a dimension is negative or the shape's element count is not
     *     {@code data.length}
     */
    public static FloatTensor pack(float[] data, int... shape) {
        if (data == null) {
            throw new IllegalArgumentException("tensor data must not be null");
        }
        int count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but data has " + data.length);
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(count, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        List<Integer> dims = new ArrayList<>(shape.length);
        for (int dim : shape) {
            dims.add(dim);
        }
        return FloatTensor.newBuilder().setShape(dims).setData(bytes).build();
    }

    /**
     * Unpacks the elements of {@code tensor} in row-major order.
     *
     * @throws IllegalArgumentException if the byte count does not match the shape
     */
    public static float[] unpack(FloatTensor tensor) {
        int count = elementCount(shape(tensor));
        ByteBuffer bytes = requireData(tensor);
        if (bytes.remaining() != (long) count * Float.BYTES) {
            throw new IllegalArgumentException("tensor shape " + tensor.getShape() + " needs "
                    + (long) count * Float.BYTES + " bytes but data has " + bytes.remaining());
        }
        float[] out = new float[count];
        // duplicate(): reading must not move the record's own buffer position
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The tensor's dimensions as an {@code int[]}. */
    public static int[] shape(FloatTensor tensor) {
        if (tensor == null) {
            throw new IllegalArgumentException("tensor must not be null");
        }
        List<Integer> dims = tensor.getShape();
        if (dims == null) {
            throw new IllegalArgumentException("tensor shape must not be null");
        }
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            Integer dim = dims.get(i);
            if (dim == null) {
                throw new IllegalArgumentException("tensor shape " + dims + " has a null dimension at " + i);
            }
            shape[i] = dim;
        }
        return shape;
    }

    /**
     * The number of elements of a tensor of this shape (1 for the empty shape, a scalar).
     *
     * @throws IllegalArgumentException if a dimension is negative or the count exceeds what one array can hold
     */
    public static int elementCount(int... shape) {
        if (shape == null) {
            throw new IllegalArgumentException("tensor shape must not be null");
        }
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape)
                        + " has a negative dimension at " + i);
            }
            count *= shape[i];
            // the bytes must fit one ByteBuffer, so 4 * count must stay an int
            if (count > Integer.MAX_VALUE / Float.BYTES) {
                throw new IllegalArgumentException("tensor shape " + Arrays.toString(shape)
                        + " is too large for one packed float32 buffer");
            }
        }
        return (int) count;
    }

    private static ByteBuffer requireData(FloatTensor tensor) {
        ByteBuffer bytes = tensor.getData();
        if (bytes == null) {
            throw new IllegalArgumentException("tensor data must not be null");
        }
        return bytes;
    }
}
