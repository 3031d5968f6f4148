import java.util.concurrent.TimeUnit;

import dev.kolejka.pool.process.ProcessPool;
import dev.kolejka.pool.process.ProcessPoolSettings;
import dev.kolejka.task.builtin.WordLengthsTask;

/**
 * Run by ImageTests with the worker image's JVM flags and class path (its /app, unpacked):
 * the process pool starts a child JVM the way it would inside the container and runs a task.
 */
public class ImageProcessPoolCheck {

	public static void main(String[] args) throws Exception {
		try (var pool = ProcessPool.start(ProcessPoolSettings.defaults().withProcesses(1))) {
			var result = pool.submit(new WordLengthsTask("How I wish")).get(120, TimeUnit.SECONDS);
			var child = pool.children().getFirst();
			System.out.println("result=" + result + " childPid=" + child.pid() + " parentPid="
					+ ProcessHandle.current().pid() + " tasksDone=" + child.tasksDone());
		}
	}

}
