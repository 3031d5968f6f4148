/**
 * The job model: what a client submits ({@link dev.kolejka.job.JobSubmission}), what
 * travels between services ({@link dev.kolejka.job.JobChunk},
 * {@link dev.kolejka.job.EventEnvelope}) and the state machine that the status view folds
 * events into ({@link dev.kolejka.job.Job}, {@link dev.kolejka.job.JobState}).
 */
@NullMarked
package dev.kolejka.job;

import org.jspecify.annotations.NullMarked;
