package io.heartbeat.local;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.heartbeat.local.cli.InvalidOptionException;

/**
 * {@code java -jar heartbeat-local.jar [command] [options]}: the whole Heartbeat Monitor pipeline in one process.
 * <p>
 * The first argument names a command when it is not an option; {@code run} is the default.
 */
public final class LocalLauncher {

    // Sorted, so the list of commands in messages is stable.
    private static final Map<String, Command> commands = new TreeMap<>(
            Map.of("run", RunCommand::run));

    private LocalLauncher() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs a command and returns the process's exit status: 0 done, 1 could not start, 2 bad command line.
     * @param args the command line
     * @param variables the environment variables to honour (the process's own in {@link #main})
     * @param out where the launcher's report goes (addresses, summary lines)
     * @param err where the one-line errors go
     */
    public static int run(String[] args, Map<String, String> variables, PrintStream out, PrintStream err) {
        List<String> arguments = List.of(args);
        boolean named = !arguments.isEmpty() && !arguments.get(0).startsWith("-");
        String name = named ? arguments.get(0) : "run";
        Command command = commands.get(name);
        if (command == null) {
            err.println("heartbeat-local: unknown command " + name + " (commands: " + String.join(", ",
                    commands.keySet()) + ")");
            return 2;
        }
        try {
            return command.run(named ? arguments.subList(1, arguments.size()) : arguments, variables, out, err);
        }
        catch (InvalidOptionException ex) {
            err.println("heartbeat-local: " + ex.getMessage());
            return 2;
        }
    }

    /** One of the launcher's commands: {@code run} (the benchmark is heartbeat-bench's). */
    @FunctionalInterface
    interface Command {

        int run(List<String> args, Map<String, String> variables, PrintStream out, PrintStream err);
    }
}
