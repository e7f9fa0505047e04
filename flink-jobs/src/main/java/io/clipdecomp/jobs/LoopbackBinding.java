package io.clipdecomp.jobs;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Keeps every endpoint we start on the loopback interface unless configured otherwise: the REST endpoint
 * (no authentication, job cancel enabled), the BlobServer and the RPC and data ports of a local Flink
 * MiniCluster, and {@link #HOST} for any server of ours (the dashboard's).
 *
 * <p>Only bind addresses are set, never the addresses clients connect to, so a job submitted to a cluster
 * with {@code flink run} still reaches its JobManager; that cluster binds as its own configuration says.
 */
public final class LoopbackBinding {

    /** The address our endpoints bind unless told otherwise. */
    public static final String HOST = "127.0.0.1";

    private LoopbackBinding() {
    }

    /** Sets the bind addresses of the MiniCluster's endpoints to {@link #HOST} where {@code conf} sets none. */
    public static Configuration apply(Configuration conf) {
        bindUnlessSet(conf, RestOptions.BIND_ADDRESS);
        // the BlobServer and the JobManager's RPC bind to jobmanager.bind-host
        bindUnlessSet(conf, JobManagerOptions.BIND_HOST);
        bindUnlessSet(conf, TaskManagerOptions.BIND_HOST);
        return conf;
    }

    private static void bindUnlessSet(Configuration conf, ConfigOption<String> option) {
        if (!conf.contains(option)) {
            conf.set(option, HOST);
        }
    }
}
