package io.clipdecomp.core.preprocess;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads an image file whole, if it is a regular file (after links) of at most a given size. Anything else is
 * refused without being opened: opening a named pipe waits for a writer forever, and a file over 2 GiB cannot
 * be held in one array.
 */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** The bytes of {@code file}; an IOException whose message names the file says why not. */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        try {
            return readRegular(file, maxBytes);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + " cannot be read: permission denied", e);
        } catch (FileSystemException e) {
            throw new IOException(file + " cannot be read: " + e.getReason(), e);
        }
    }

    private static byte[] readRegular(Path file, long maxBytes) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new IOException(file + " is not a regular file (" + (attributes.isDirectory() ? "a folder"
                    : "a named pipe, socket or device") + "); only regular files are read");
        }
        long limit = Math.min(maxBytes, ImageLimits.LARGEST_MAX_BYTES);
        if (attributes.size() > limit) {
            throw new IOException(file + ": " + ImageLimits.overMaxBytes(attributes.size(), limit));
        }
        byte[] bytes = new byte[(int) attributes.size()];
        int read;
        boolean grew;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(bytes, 0, bytes.length);
            grew = in.read() >= 0;
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (grew) {
            throw new IOException(file + " grew while being read; read it again when it is complete");
        }
        return read == bytes.length ? bytes : Arrays.copyOf(bytes, read);
    }
}
