package dev.kolejka.task;

/**
 * A unit of work that travels: a Java record annotated with {@link TaskName} whose
 * components are its arguments. The API builds the record from JSON and validates it, the
 * codec turns the whole object into bytes, and a worker (or its child process) turns them
 * back and calls {@link #run}.
 *
 * @param <R> the result, rendered as JSON in the job's status
 */
public interface Task<R> {

	R run(TaskContext context) throws Exception;

}
