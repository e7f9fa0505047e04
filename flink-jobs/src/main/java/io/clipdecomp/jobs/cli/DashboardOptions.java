package io.clipdecomp.jobs.cli;

import io.clipdecomp.dashboard.DashboardServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** Where the dashboard listens: this machine only unless told otherwise. */
public final class DashboardOptions {
    /** The flag naming the address to bind. */
    static final String HOST = "--dashboard-host";
    /** The flag naming the port. */
    static final String PORT = "--dashboard-port";

    @Option(names = HOST, defaultValue = DashboardServer.DEFAULT_HOST, paramLabel = "ADDRESS",
            description = "Address the dashboard listens on (default: ${DEFAULT-VALUE}, this machine only; another "
                    + "address makes the page, which has no login, reachable from other machines).")
    String host;

    @Option(names = PORT, defaultValue = "" + DashboardServer.DEFAULT_PORT, paramLabel = "PORT",
            description = "Port of the dashboard (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    /** The address to bind; a warning on stderr when it is not a loopback one. */
    InetSocketAddress address() throws UnknownHostException {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(PORT + " must be 0 to 65535, got " + port);
        }
        InetAddress address = InetAddress.getByName(host);
        if (!address.isLoopbackAddress()) {
            System.err.println("dashboard: listening on " + host + ": the page has no login and anyone who can "
                    + "reach this address sees the results (" + HOST + " " + DashboardServer.DEFAULT_HOST
                    + " keeps it to this machine)");
        }
        return new InetSocketAddress(address, port);
    }
}
