package io.clipdecomp.connectors.dataset;

import io.clipdecomp.core.preprocess.ImageFiles;
import io.clipdecomp.core.preprocess.ImageLimits;
import io.clipdecomp.schemas.ImageRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every entry of one folder as one {@link ImageRecord}, sorted by name, not recursive: id = the entry's name,
 * index = its position in that order, no label. A regular file (after links) of at most the byte limit is read,
 * its format taken from its content, else from its extension. Anything else (a sub-folder, a named pipe, a file
 * over the limit or one that cannot be read) is never opened and becomes a record of format
 * {@value DatasetRecords#UNREADABLE_FORMAT} carrying the reason, so the job dead-letters it by name.
 */
public final class DirectoryRecords {
    /** Image formats by file extension, for files whose content does not say. */
    private static final Map<String, String> FORMATS_BY_EXTENSION = Map.of("png", "png", "jpg", "jpeg",
            "jpeg", "jpeg", "gif", "gif", "bmp", "bmp", "webp", "webp", "tif", "tiff", "tiff", "tiff");

    private final String source;
    private final List<Path> entries;
    private final long maxBytes;

    private DirectoryRecords(String source, List<Path> entries, long maxBytes) {
        this.source = source;
        this.entries = entries;
        this.maxBytes = maxBytes;
    }

    /**
     * Lists {@code dir} now; its entries are read one by one later.
     *
     * @param source the records' source (the dataset name they are counted under)
     * @param maxBytes files over this many bytes are refused without being read
     */
    public static DirectoryRecords list(Path dir, String source, long maxBytes) throws IOException {
        ImageLimits.checkMaxBytes(maxBytes);
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + (Files.exists(dir) ? " is not a folder" : " does not exist")
                    + "; give a folder of image files");
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return new DirectoryRecords(source,
                    listing.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList(), maxBytes);
        }
    }

    /** Number of entries, each one record. */
    public int size() {
        return entries.size();
    }

    /** The record of entry {@code index}, read now; one that cannot be read carries the reason instead. */
    public ImageRecord read(int index) {
        Path file = entries.get(index);
        String id = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = ImageFiles.read(file, maxBytes);
        } catch (IOException e) {
            return DatasetRecords.unreadable(id, source, index, e.getMessage());
        } catch (OutOfMemoryError e) {
            // the failed allocation is the file's own buffer, so the JVM is still usable afterwards
            return DatasetRecords.unreadable(id, source, index, "ran out of memory reading " + file + " (lower "
                    + ImageLimits.MAX_BYTES_OPTION + " or give the JVM more heap)");
        }
        return ImageRecord.newBuilder().setId(id).setSource(source).setBytes(ByteBuffer.wrap(bytes))
                .setFormat(format(id, bytes)).setLabel(List.of()).setEventTime(Instant.now()).setIndex(index)
                .build();
    }

    /** The format the content shows, else the one the extension names, else {@value DatasetRecords#UNKNOWN_FORMAT}. */
    static String format(String name, byte[] bytes) {
        String sniffed = DatasetRecords.sniffFormat(bytes);
        if (!DatasetRecords.UNKNOWN_FORMAT.equals(sniffed)) {
            return sniffed;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return FORMATS_BY_EXTENSION.getOrDefault(extension, sniffed);
    }
}
