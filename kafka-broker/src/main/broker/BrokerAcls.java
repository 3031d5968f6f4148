import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Creates the ACLs of ./kolejka up --secure, compiled once and run by ./kolejka on the broker's classpath:
 * {@code BrokerAcls <bootstrap> <client.properties> <acls.txt>}. The client properties authenticate a super user
 * (kolejka-admin); each line of acls.txt is {@code principal resource pattern name operation[,operation...]}
 * (e.g. {@code kolejka-api topic literal kolejka.jobs write,read}), allowed from any host. Creating an ACL that
 * exists is a no-op, so it runs on every secure up. Exits 0 when every ACL is in place, 1 otherwise.
 */
class BrokerAcls {

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(args[1]))) {
            config.load(reader);
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000);

        List<AclBinding> acls = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[2]))) {
            String[] fields = line.strip().split("\\s+");
            if (fields[0].isEmpty() || fields[0].startsWith("#")) {
                continue;
            }
            if (fields.length != 5) {
                System.err.println("malformed ACL line (principal resource pattern name operations): " + line);
                System.exit(1);
            }
            var resource = new ResourcePattern(ResourceType.fromString(fields[1].toUpperCase(Locale.ROOT)),
                    fields[3], PatternType.fromString(fields[2].toUpperCase(Locale.ROOT)));
            for (String operation : fields[4].split(",")) {
                var entry = new AccessControlEntry("User:" + fields[0], "*",
                        AclOperation.fromString(operation.toUpperCase(Locale.ROOT)), AclPermissionType.ALLOW);
                acls.add(new AclBinding(resource, entry));
            }
        }
        for (AclBinding acl : acls) {
            if (acl.isUnknown()) {
                System.err.println("unknown resource, pattern or operation: " + acl);
                System.exit(1);
            }
        }
        try (Admin admin = Admin.create(config)) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            System.out.println("ACLs in place: " + acls.size());
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("creating the ACLs failed: " + (e.getCause() != null ? e.getCause() : e));
            System.exit(1);
        }
    }
}
