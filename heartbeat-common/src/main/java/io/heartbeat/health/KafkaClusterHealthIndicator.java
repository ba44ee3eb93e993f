package io.heartbeat.health;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the Kafka cluster a service uses: UP while a broker describes the cluster within the timeout. Boot has
 * no Kafka indicator; this one puts Kafka into the services' readiness group, never into liveness.
 */
public class KafkaClusterHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    /** How long a broker has to answer; a probe's own timeout must be longer (README, Kubernetes). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final LazyAdmin admin;

    private final Duration timeout;

    /** An indicator with an admin client of its own, built from the service's Kafka admin settings. */
    public KafkaClusterHealthIndicator(Map<String, Object> adminSettings, Duration timeout) {
        super("Kafka cluster not reachable");
        this.admin = new LazyAdmin(adminSettings, "heartbeat-health");
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        DescribeClusterOptions options = new DescribeClusterOptions().timeoutMs((int) this.timeout.toMillis());
        Collection<Node> brokers = this.admin.get().describeCluster(options)
            .nodes()
            .get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
        builder.up().withDetail("brokers", brokers.size());
    }

    @Override
    public void destroy() {
        this.admin.close();
    }
}
