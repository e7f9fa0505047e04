package io.clipdecomp.jobs.cli;

import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clipdecomp} command line: one subcommand per analysis, job or tool. */
@Command(name = "clipdecomp", mixinStandardHelpOptions = true, version = "clipdecomp 0.1.0",
        description = "Explains what a CLIP image model sees: exact decomposition of image embeddings into "
                + "layers, heads, tokens and MLPs, in batch and on streams.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DecomposeCommand.class,
            TextProjectCommand.class,
            TextSetCommand.class,
            AblateCommand.class,
            TextSpanCommand.class,
            SpuriousCommand.class,
            HeatmapCommand.class,
            SegmentCommand.class,
            ProbeHeadsCommand.class,
            NnsCommand.class,
            DescribeCommand.class,
            GenerateDecompositionCommand.class,
            BenchCommand.class,
            GenerateShapesCommand.class,
            GenerateDescriptionsCommand.class,
            TrainTinyCommand.class,
            ZeroShotCommand.class,
            ProduceCommand.class,
            StreamCommand.class,
            DemoCommand.class,
            DashboardCommand.class,
        })
public final class ClipdecompCommand implements Callable<Integer> {

    /** The flag that brings back library logs and stack traces; read before any logger exists. */
    static final String VERBOSE = "--verbose";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "Show the libraries' logs (INFO and up) and the stack trace of a failure.")
    boolean verbose;

    /** Without a command: the usage, and the exit status picocli gives a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CommandLine.ExitCode.USAGE;
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status; errors are reported without stack traces. */
    public static int execute(String... args) {
        return execute(new ClipdecompCommand(), args);
    }

    /** Runs a command line of the command {@code root}; errors are reported without stack traces. */
    static int execute(Object root, String... args) {
        boolean verbose = Arrays.asList(args).contains(VERBOSE);
        if (verbose) {
            // the simple logger reads its level once, when the first logger is made: before parsing
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        CommandLine cli = new CommandLine(root);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("clipdecomp " + commandLine.getCommandName() + ": " + describe(e));
            if (verbose || Boolean.getBoolean("clipdecomp.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message += " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
