package org.unsearch.opensearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, its modules taken from the class path.
 *
 * <p>Usage: {@code java -cp 'target/*:target/lib/*' org.unsearch.opensearch.LocalNode -Ekey=value ...}
 * with at least {@code cluster.name}, {@code node.name}, {@code path.home}, {@code http.port} and
 * {@code transport.port}; {@code path.data} and {@code path.logs} default to folders under
 * {@code path.home}. The node binds to 127.0.0.1 only. SIGTERM closes it; SIGKILL is a crash.
 * With {@code --stop-at-eof} it also closes when its standard input ends, so that a node started by a
 * test run never outlives that run, however the run ends.
 */
public final class LocalNode extends Node {

    /** The modules a packaged distribution would load from its modules/ folder. */
    static final List<Class<? extends Plugin>> MODULES =
        List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, MapperExtrasPlugin.class);

    static final List<String> REQUIRED =
        List.of("cluster.name", "node.name", "path.home", "http.port", "transport.port");

    static final String STOP_AT_EOF = "--stop-at-eof";

    private LocalNode(Environment environment) {
        // Plugins given as classes need no plugin folder, no descriptor and no jar-hell check.
        super(environment, MODULES, true);
    }

    /** Parses the {@code -Ekey=value} arguments into the node's settings. */
    static Settings settings(String[] args) {
        Settings.Builder builder = Settings.builder()
            // The disks of test machines can be nearly full: allocate shards whatever the free space.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (String arg : args) {
            if (arg.equals(STOP_AT_EOF)) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("-E") || eq < 0) {
                throw new IllegalArgumentException("expected -Ekey=value, got: " + arg);
            }
            builder.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        for (String key : REQUIRED) {
            if (builder.get(key) == null) {
                throw new IllegalArgumentException("missing -E" + key + "=...");
            }
        }
        // Whatever the arguments say, the node is reachable from this machine only.
        builder.put("network.host", "127.0.0.1");
        Path home = Path.of(builder.get("path.home"));
        if (builder.get("path.data") == null) {
            builder.put("path.data", home.resolve("data").toString());
        }
        if (builder.get("path.logs") == null) {
            builder.put("path.logs", home.resolve("logs").toString());
        }
        return builder.build();
    }

    /** Reads standard input to its end, then exits (the shutdown hook closes the node). */
    private static void exitAtEndOfInput() {
        try {
            while (System.in.read() >= 0) {
                // what the parent writes means nothing; only the end does
            }
        } catch (IOException e) {
            // a broken pipe is an end too
        }
        System.exit(0);
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = settings(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LocalNode: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path config = Path.of(settings.get("path.home"), "config");
        Files.createDirectories(config);
        String name = settings.get("node.name");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> name);
        LocalNode node = new LocalNode(environment);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "local-node-shutdown"));
        if (List.of(args).contains(STOP_AT_EOF)) {
            Thread watcher = new Thread(LocalNode::exitAtEndOfInput, "local-node-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        node.start();
        System.out.println("LocalNode " + name + " started: http " + settings.get("http.port")
            + ", transport " + settings.get("transport.port"));
        closed.await();
    }
}
