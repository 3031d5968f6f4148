package dev.kolejka.worker.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How a worker runs.
 *
 * @param id this worker's id in job metadata; defaults to {@code host-pid}
 * @param maxInFlight jobs taken from Kafka and not yet finished (running, waiting for a
 * pool, or waiting for Kafka's acknowledgement); past it the consumer pauses. Twice the
 * io permits by default, so that a full io pool never waits on this bound
 * @param pollTimeout the longest a poll blocks, which bounds how late a resume can be;
 * regular commits go out at most once per poll timeout (so at most about twice it late)
 * @param shutdownGrace how long SIGTERM waits for started jobs before leaving the group
 * @param rebalanceGrace how long a partition moving to another worker waits for its
 * started jobs (well under the consumer's {@code max.poll.interval.ms})
 * @param maxResultSize a result whose JSON is larger fails the job instead of bloating
 * job-events
 * @param pools pool sizes
 * @param runningEventDelay how long a job's {@code Running} event waits before it is
 * published; a job that ends sooner publishes only its next event (which carries the
 * start time), so short jobs cost one event, not two. {@code 0} publishes it at once
 */
@Validated
@ConfigurationProperties("kolejka.worker")
public record WorkerProperties(@Nullable String id, @DefaultValue("20000") @Positive int maxInFlight,
		@DefaultValue("100ms") Duration pollTimeout, @DefaultValue("30s") Duration shutdownGrace,
		@DefaultValue("10s") Duration rebalanceGrace, @DefaultValue("256KB") DataSize maxResultSize,
		@DefaultValue Pools pools, @DefaultValue("20ms") Duration runningEventDelay) {

	/**
	 * @param cpuThreads threads of the cpu pool; 0 means one per available processor
	 * (container-aware)
	 * @param ioPermits jobs the io pool runs at once
	 * @param process the child JVMs of the process pool
	 */
	public record Pools(@DefaultValue("0") @Min(0) int cpuThreads, @DefaultValue("10000") @Positive int ioPermits,
			@DefaultValue ProcessPool process) {
	}

	/**
	 * @param enabled whether this worker starts children; a job for the process pool on a
	 * worker without them fails as invalid
	 * @param processes child JVMs; 0 means one per available processor
	 * @param maxTasksPerChild a child is replaced after this many jobs; 0 for never
	 * @param maxMemoryPerChild each child's heap limit ({@code -Xmx}); a child that
	 * exhausts it is replaced and its job ends {@code WORKER_LOST}; unset leaves the
	 * JVM's default
	 * @param initializer a {@code dev.kolejka.pool.process.ChildInitializer} class every
	 * child runs once before taking jobs
	 * @param jvmArgs further options for the child JVMs
	 * @param startTimeout how long a child may take to start
	 * @param hungAfter a busy child whose scoreboard heartbeat is older than this is
	 * killed
	 */
	public record ProcessPool(@DefaultValue("true") boolean enabled, @DefaultValue("0") @Min(0) int processes,
			@DefaultValue("0") @Min(0) int maxTasksPerChild, @Nullable DataSize maxMemoryPerChild,
			@Nullable String initializer, @DefaultValue List<String> jvmArgs,
			@DefaultValue("60s") Duration startTimeout, @DefaultValue("30s") Duration hungAfter) {
	}

}
