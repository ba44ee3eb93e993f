package io.heartbeat.local;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.heartbeat.local.cli.FailureLine;
import io.heartbeat.local.cli.LauncherLogging;
import io.heartbeat.local.cli.LocalEnvironment;
import io.heartbeat.local.pipeline.LocalPipeline;
import io.heartbeat.local.pipeline.LocalPipeline.PipelineSettings;

/**
 * The launcher's default command: runs the whole pipeline until Ctrl+C or {@code --duration}, then stops it in
 * order and exits 0.
 */
final class RunCommand {

    private RunCommand() {
    }

    static int run(List<String> args, Map<String, String> variables, PrintStream out, PrintStream err) {
        RunOptions options = RunOptions.parse(args);
        if (options.help()) {
            out.println(RunOptions.USAGE);
            return 0;
        }
        LocalEnvironment environment = new LocalEnvironment(variables);
        LauncherLogging.initialize(environment.springEnvironment());
        LocalPipeline pipeline;
        try {
            pipeline = LocalPipeline.start(settings(options, environment, Map.of()), out);
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

    static PipelineSettings settings(RunOptions options, LocalEnvironment environment,
            Map<String, String> serviceProperties) {
        return new PipelineSettings(options.dataDir(), options.kafkaPort(), environment.externalKafka(),
                environment.postgres(), environment.externalPostgres(), environment.postgresPort().explicit(),
                environment.passwordFromEnvironment(), environment.topic(), environment.groupId(),
                options.consumerPort(), options.producerPort(), options.httpAddress(), options.summaryInterval(),
                serviceProperties);
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
