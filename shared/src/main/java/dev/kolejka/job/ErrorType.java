package dev.kolejka.job;

/** Why a job did not succeed. */
public enum ErrorType {

	EXCEPTION, TIMEOUT, WORKER_LOST, CANCELLED, INVALID

}
