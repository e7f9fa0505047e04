package io.clipdecomp.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command line of the README's {@code sh} blocks that runs on one machine, run in order as a process from
 * the project root, as a new user would: each must succeed quietly (no stack trace, no warning), write the files
 * listed here and no others (outside ignored folders nothing at all: {@code git status} stays as it was), and leave
 * nothing in the temporary folder. It regenerates the examples' own outputs under {@code output_dir/}.
 */
class ReadmeCommandsIT {
    /** Blocks, by a phrase of theirs, that need what a test machine lacks; each is covered elsewhere. */
    private static final Map<String, String> NOT_RUN = Map.of(
            "~/models/ViT-B-16", "a real OpenCLIP model folder (DecomposeCommandIT runs decompose on model folders)",
            "imagenet_seg", "gtsegs_ijcv.mat (SegmentCommandTest reads a small file of its layout)",
            "localhost:9092", "a broker outside the test (KafkaDecompositionJobIT runs the stream job against one)",
            "$FLINK_HOME", "a Flink distribution (FlinkClusterIT submits the job jar to a session cluster)",
            "train-tiny", "forty minutes (TrainTinyCommandTest trains a few steps through the same command)");
    /** The README's test command: this test runs inside it. */
    private static final String TEST_COMMAND = "mvn -B -ntp verify";

    private static final String A = "output_dir/analyses/";
    private static final String S = "output_dir/spurious/";
    private static final String DECOMPOSITION = "_{attn,mlp,cls_attn,embeddings,labels}_shapes-tiny.npy";

    /** Each runnable line of the README, in order, and what it writes (globs relative to the project root). */
    private static final List<Example> EXAMPLES = List.of(
            new Example("bin/clipdecomp demo", "output_dir/demo/shapes" + DECOMPOSITION,
                    "output_dir/demo/shapes_files_shapes-tiny.txt",
                    "output_dir/demo/shapes_mean_{attn,mlp,cls_attn}_shapes-tiny.npy",
                    "output_dir/demo/shapes_{textspan,ablation,segmentation,dead_letters}_shapes-tiny.json",
                    "output_dir/demo/summary.json"),
            new Example("bin/clipdecomp decompose --dataset shapes --count 2000 --seed 1 --out-dir output_dir/analyses",
                    A + "shapes" + DECOMPOSITION, A + "shapes_files_shapes-tiny.txt"),
            new Example("bin/clipdecomp text-project --dataset shapes --out-dir output_dir/analyses",
                    A + "shapes_classifier_shapes-tiny.npy"),
            new Example("bin/clipdecomp ablate --input-dir output_dir/analyses --dataset shapes --model-name shapes-tiny",
                    A + "shapes_ablations_shapes-tiny.json"),
            new Example("bin/clipdecomp generate-descriptions --world shapes --out "
                    + "output_dir/analyses/shapes_descriptions.txt", A + "shapes_descriptions.txt"),
            new Example("bin/clipdecomp text-set --texts output_dir/analyses/shapes_descriptions.txt --out-dir "
                    + "output_dir/analyses", A + "shapes_descriptions_shapes-tiny.npy"),
            new Example("bin/clipdecomp textspan --input-dir output_dir/analyses --dataset shapes --model-name "
                    + "shapes-tiny --text-set shapes_descriptions --texts-per-head 5 --num-of-last-layers 2",
                    A + "shapes_completeness_shapes_descriptions_top_5_heads_shapes-tiny.{txt,json}"),
            new Example("bin/clipdecomp probe-heads --input-dir output_dir/analyses --model-name shapes-tiny --count "
                    + "2000 --seed 1 --num-of-last-layers 2", A + "shapes_probes_shapes-tiny.json"),
            new Example("bin/clipdecomp generate-shapes --count 300 --seed 7 --out output_dir/queries",
                    "output_dir/queries/*/*.png"),
            new Example("bin/clipdecomp nns --dataset shapes --count 2000 --seed 1 --input-dir output_dir/analyses "
                    + "--query output_dir/queries/circle/00032.png --head 2.0 --out-dir output_dir/nns",
                    "output_dir/nns/*"),
            new Example("bin/clipdecomp describe --image output_dir/queries/circle/00032.png --text-set "
                    + "shapes_descriptions --text-dir output_dir/analyses --top 3 --out-dir output_dir/describe "
                    + "--textspan output_dir/analyses/shapes_completeness_shapes_descriptions_top_5_heads_"
                    + "shapes-tiny.json", "output_dir/describe/*"),
            new Example("bin/clipdecomp generate-shapes --layout segmentation --count 500 --seed 3 --out "
                    + "output_dir/segshapes", "output_dir/segshapes/{images,masks}/*.png"),
            new Example("bin/clipdecomp segment --dataset segfolder --data-path output_dir/segshapes --classifier "
                    + "output_dir/analyses/shapes_classifier_shapes-tiny.npy --out-dir output_dir/segment",
                    "output_dir/segment/segfolder_segmentation_shapes-tiny.{json,txt}",
                    "output_dir/segment/{precision,recall}.npy"),
            new Example("bin/clipdecomp segment --dataset segfolder --data-path output_dir/segshapes --map "
                    + "mask-coverage --out-dir output_dir/segment",
                    "output_dir/segment/segfolder_segmentation_shapes-tiny_mask-coverage.{json,txt}",
                    "output_dir/segment/{precision,recall}_mask-coverage.npy"),
            new Example("bin/clipdecomp generate-shapes --layout waterbirds --count 4000 --seed 5 --out "
                    + "output_dir/waterbirds", "output_dir/waterbirds/metadata.csv", "output_dir/waterbirds/*/*.png"),
            new Example("bin/clipdecomp decompose --dataset binary_waterbirds --data-path output_dir/waterbirds "
                    + "--split test --out-dir output_dir/spurious", S + "binary_waterbirds" + DECOMPOSITION,
                    S + "binary_waterbirds_files_shapes-tiny.txt"),
            new Example("printf 'square|triangle|cross|heart\\ncircle|star|ring|diamond\\n' > "
                    + "output_dir/spurious/groups.txt", S + "groups.txt"),
            new Example("bin/clipdecomp text-project --dataset binary_waterbirds --classnames "
                    + "output_dir/spurious/groups.txt --out-dir output_dir/spurious",
                    S + "binary_waterbirds_classifier_shapes-tiny.npy"),
            new Example("printf 'water\\nthe ocean\\na lake\\ngrass\\nsand\\na photo of the ocean\\na photo of a "
                    + "lake\\na photo of grass\\na photo of sand\\n' > output_dir/spurious/places.txt",
                    S + "places.txt"),
            new Example("bin/clipdecomp text-set --texts output_dir/spurious/places.txt --out-dir output_dir/spurious",
                    S + "places_shapes-tiny.npy"),
            new Example("cp output_dir/analyses/shapes_descriptions.txt "
                    + "output_dir/analyses/shapes_descriptions_shapes-tiny.npy output_dir/spurious/",
                    S + "shapes_descriptions{.txt,_shapes-tiny.npy}"),
            new Example("bin/clipdecomp spurious --input-dir output_dir/spurious --dataset binary_waterbirds "
                    + "--model-name shapes-tiny --auto 2 --concepts output_dir/spurious/places.txt --text-set "
                    + "shapes_descriptions --texts-per-head 5", S + "binary_waterbirds_spurious_shapes-tiny.json"),
            new Example("bin/clipdecomp zero-shot", "output_dir/zeroshot_shapes-tiny.json"),
            new Example("bin/clipdecomp decompose --dataset shapes --count 32",
                    "output_dir/shapes" + DECOMPOSITION, "output_dir/shapes_files_shapes-tiny.txt"),
            new Example("bin/clipdecomp generate-shapes --out output_dir/shapes --layout folder --count 64",
                    "output_dir/shapes/*/*.png"),
            new Example("ls output_dir/shapes > output_dir/shapes.txt", "output_dir/shapes.txt"),
            new Example("bin/clipdecomp text-project --dataset folder --classnames output_dir/shapes.txt",
                    "output_dir/folder_classifier_shapes-tiny.npy"));

    @TempDir
    Path scratch;

    /** One README command line and the files it writes. */
    private record Example(String command, String... writes) {
        List<PathMatcher> matchers() {
            List<PathMatcher> matchers = new ArrayList<>();
            for (String glob : writes) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            }
            return matchers;
        }
    }

    /** Deletes what an earlier run of the examples wrote: some commands refuse to replace their output. */
    private static void removeEarlierOutputs(Path root) throws IOException {
        List<PathMatcher> outputs = EXAMPLES.stream().flatMap(e -> e.matchers().stream()).toList();
        Path results = root.resolve("output_dir");
        if (!Files.isDirectory(results)) {
            return;
        }
        List<Path> earlier;
        try (Stream<Path> tree = Files.walk(results)) {
            earlier = tree.filter(p -> outputs.stream().anyMatch(m -> m.matches(root.relativize(p)))).toList();
        }
        for (Path p : earlier) {
            Files.delete(p);
        }
        List<Path> folders;
        try (Stream<Path> tree = Files.walk(results)) {
            folders = tree.filter(Files::isDirectory).filter(p -> !p.equals(results))
                    .sorted(Comparator.reverseOrder()).toList();
        }
        for (Path folder : folders) {
            if (LauncherRuns.entries(folder).isEmpty()) {
                Files.delete(folder); // generate-shapes writes only into an empty or new folder
            }
        }
    }

    @Test
    void everyCommandOfTheReadmeSucceedsQuietlyAndWritesOnlyItsFiles() throws Exception {
        Path root = LauncherRuns.projectRoot();
        List<String> lines = runnableLines(Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8));
        assertEquals(EXAMPLES.stream().map(Example::command).toList(), lines,
                "the README's command lines this test knows the outputs of");
        Path tmp = Files.createDirectories(scratch.resolve("tmp"));
        removeEarlierOutputs(root);
        String gitStatus = gitStatus(root);
        int n = 0;
        for (Example example : EXAMPLES) {
            Map<Path, String> before = snapshot(root);
            LauncherRuns.run(example.command(), root, tmp, scratch.resolve("logs" + n++), 10).quietSuccess();
            List<String> written = changedSince(before, snapshot(root), root);
            List<PathMatcher> expected = example.matchers();
            for (String file : written) {
                assertTrue(expected.stream().anyMatch(m -> m.matches(Path.of(file))),
                        example.command() + " wrote " + file + ", which it should not");
            }
            for (int i = 0; i < expected.size(); i++) {
                PathMatcher m = expected.get(i);
                assertTrue(written.stream().anyMatch(f -> m.matches(Path.of(f))),
                        example.command() + " did not write " + example.writes()[i]);
            }
            assertEquals(List.of(), LauncherRuns.entries(tmp), example.command() + " left temporary files");
            if (gitStatus != null) {
                assertEquals(gitStatus, gitStatus(root), example.command() + " changed what git sees");
            }
        }
    }

    /** The command lines of the README's sh blocks, continuation lines joined and comments removed. */
    private static List<String> runnableLines(String readme) {
        List<String> lines = new ArrayList<>();
        List<String> block = null;
        for (String line : readme.split("\n", -1)) {
            if (line.startsWith("```")) {
                if (block == null) {
                    block = line.equals("```sh") ? new ArrayList<>() : List.of();
                } else {
                    lines.addAll(commandsOf(block));
                    block = null;
                }
            } else if (block instanceof ArrayList<String> open) {
                open.add(line);
            }
        }
        return lines;
    }

    private static List<String> commandsOf(List<String> block) {
        String text = String.join("\n", block);
        if (NOT_RUN.keySet().stream().anyMatch(text::contains)) {
            return List.of();
        }
        List<String> commands = new ArrayList<>();
        for (String line : text.replace("\\\n", " ").split("\n")) {
            String command = line.replaceAll("\\s+#.*$", "").replaceAll("\\s+", " ").strip();
            if (!command.isEmpty() && !command.equals(TEST_COMMAND)) {
                commands.add(command);
            }
        }
        return commands;
    }

    /** Size and modification time of every file under the root, outside .git and the build's target folders. */
    private static Map<Path, String> snapshot(Path root) throws IOException {
        Map<Path, String> files = new HashMap<>();
        try (Stream<Path> tree = Files.walk(root)) {
            tree.filter(p -> Files.isRegularFile(p) && outsideGitAndBuilds(root.relativize(p))).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    files.put(p, a.size() + "@" + a.lastModifiedTime().toMillis());
                } catch (IOException e) {
                    files.put(p, "unreadable");
                }
            });
        }
        return files;
    }

    private static boolean outsideGitAndBuilds(Path relative) {
        for (Path part : relative) {
            if (part.toString().equals(".git") || part.toString().equals("target")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> changedSince(Map<Path, String> before, Map<Path, String> after, Path root) {
        TreeSet<String> changed = new TreeSet<>();
        after.forEach((p, stamp) -> {
            if (!stamp.equals(before.get(p))) {
                changed.add(root.relativize(p).toString());
            }
        });
        before.keySet().stream().filter(p -> !after.containsKey(p)).forEach(p -> changed.add(root.relativize(p)
                + " (removed)"));
        return List.copyOf(changed);
    }

    /** {@code git status --porcelain} of the root, or null where the project is not a git checkout. */
    private static String gitStatus(Path root) throws IOException, InterruptedException {
        if (!Files.exists(root.resolve(".git"))) {
            return null;
        }
        Process git = new ProcessBuilder("git", "status", "--porcelain").directory(root.toFile())
                .redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), "git status: " + out);
        return out;
    }
}
