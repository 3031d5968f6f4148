import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Readiness check of the local broker, compiled once and run by ./kolejka on the broker's classpath:
 * {@code BrokerReady <bootstrap> <timeout-seconds> [broker-pid [client.properties]]} (as a single-file program,
 * {@code java -cp 'kafka-broker/target/lib/*' BrokerReady.java ...} works too).
 * Exits 0 once a metadata request (describeCluster) answers with at least one node, 1 on timeout, 2 when the
 * broker process is gone. The open client port alone is not a reliable sign of a ready broker. The client
 * properties (security settings of ./kolejka up --secure) are read when given.
 */
class BrokerReady {

    public static void main(String[] args) throws IOException, InterruptedException {
        String bootstrap = args[0];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
        Optional<ProcessHandle> broker = args.length > 2 ? ProcessHandle.of(Long.parseLong(args[2])) : Optional.empty();

        Properties config = new Properties();
        if (args.length > 3) {
            try (Reader reader = Files.newBufferedReader(Path.of(args[3]))) {
                config.load(reader);
            }
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 100);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 250);

        String lastError = "no answer";
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    var nodes = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    lastError = "no broker registered yet";
                } catch (ExecutionException | TimeoutException e) {
                    lastError = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
                if (broker.isPresent() && !broker.get().isAlive()) {
                    System.err.println("broker process " + args[2] + " exited");
                    System.exit(2);
                }
                if (System.nanoTime() > deadline) {
                    System.err.println("broker at " + bootstrap + " not ready: " + lastError);
                    System.exit(1);
                }
                Thread.sleep(Duration.ofMillis(200));
            }
        }
    }
}
