/**
 * Offline validation of what Kolejka ships for deployment: docker-compose.yml, deploy/
 * (Prometheus, Grafana), k8s/ overlays and the container images' configuration.
 */
@NullMarked
package dev.kolejka.deploy;

import org.jspecify.annotations.NullMarked;
