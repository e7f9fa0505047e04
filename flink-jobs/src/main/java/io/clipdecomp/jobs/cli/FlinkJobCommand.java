package io.clipdecomp.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of the job jar {@code clipdecomp-flink-job.jar}: {@code stream} for {@code flink run} and the
 * REST API's jar run, whose client hands the job its cluster's environment.
 *
 * <p>A class apart from {@link ClipdecompCommand} because there the JVM is Flink's (the client's, or the
 * JobManager's for a jar run or in application mode): this one never exits it, and offers only what runs on a
 * cluster; the jar holds neither the embedded broker nor the other commands' local MiniCluster runs.
 */
@Command(name = "clipdecomp-flink-job", mixinStandardHelpOptions = true, version = "clipdecomp 0.1.0",
        description = "The clipdecomp jobs for a Flink cluster: flink run clipdecomp-flink-job.jar stream "
                + "--bootstrap-servers HOST:PORT ... (DJL and its natives in the cluster's lib/, from flink-lib/).",
        subcommands = {CommandLine.HelpCommand.class, StreamCommand.class})
public final class FlinkJobCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Without a command: the usage, and the exit status picocli gives a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return CommandLine.ExitCode.USAGE;
    }

    /** Runs the command line; a failure, already reported on stderr, ends the program with an exception. */
    public static void main(String[] args) {
        int status = ClipdecompCommand.execute(new FlinkJobCommand(), args);
        if (status != 0) {
            // not the arguments: --kafka-property may carry secrets
            throw new IllegalStateException("clipdecomp-flink-job ended with exit status " + status
                    + "; the reason is printed above");
        }
    }
}
