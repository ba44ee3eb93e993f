package io.heartbeat.local;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.heartbeat.local.cli.FailureLine;
import io.heartbeat.local.cli.InvalidOptionException;
import io.heartbeat.local.cli.LocalEnvironment;

/** {@code java -jar heartbeat-local.jar [run] [options]}: the whole pipeline in one process (docs/local-mode.md). */
public final class LocalLauncher {

    private LocalLauncher() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs a command and returns the process's exit status: 0 done, 1 could not start, 2 bad command line. */
    public static int run(String[] args, Map<String, String> variables, PrintStream out, PrintStream err) {
        List<String> arguments = List.of(args);
        boolean named = !arguments.isEmpty() && !arguments.get(0).startsWith("-");
        if (named && !arguments.get(0).equals("run")) {
            err.println("heartbeat-local: unknown command " + arguments.get(0) + " (commands: run)");
            return 2;
        }
        RunOptions options;
        try {
            options = RunOptions.parse(named ? arguments.subList(1, arguments.size()) : arguments);
        }
        catch (InvalidOptionException ex) {
            err.println("heartbeat-local: " + ex.getMessage());
            return 2;
        }
        if (options.help()) {
            out.println(RunOptions.USAGE);
            return 0;
        }
        return runPipeline(options, new LocalEnvironment(variables), out, err);
    }

    private static int runPipeline(RunOptions options, LocalEnvironment environment, PrintStream out,
            PrintStream err) {
        environment.initializeLogging();
        LocalPipeline pipeline;
        try {
            pipeline = LocalPipeline.start(options, environment, out);
        }
        catch (RuntimeException ex) {
            err.println("heartbeat-local: " + FailureLine.describe(ex));
            return 1;
        }
        Thread shutdownHook = new Thread(pipeline::close, "heartbeat-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            pipeline.awaitClose(options.duration());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        finally {
            pipeline.close();
            removeShutdownHook(shutdownHook);
        }
        return 0;
    }

    private static void removeShutdownHook(Thread shutdownHook) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (IllegalStateException ex) {
            // Ctrl+C: the JVM is already running the hook, which closed the pipeline.
        }
    }
}
