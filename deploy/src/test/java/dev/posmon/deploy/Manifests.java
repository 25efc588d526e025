package dev.posmon.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects as kustomize renders them, each read into the typed model of its apiVersion and kind:
 * fabric8's models of the Kubernetes API and of prometheus-operator's monitoring.coreos.com/v1, Strimzi's own
 * model classes of kafka.strimzi.io/v1. Strictly: an unknown field anywhere, a value of the wrong type or an
 * unknown enum constant is an error (the models' catch-all "additionalProperties" is switched off), and so is
 * an apiVersion/kind without a model.
 */
final class Manifests {

    /** apiVersion/kind → model class: every kind the manifests may use. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class));

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Both fabric8 and Strimzi models keep unknown fields in a {@code @JsonAnySetter} map; without it they fail. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private Manifests() {}

    /** One rendered object: its raw tree and its typed model. */
    record Manifest(String apiVersion, String kind, String name, JsonNode tree, Object model) {

        String id() {
            return apiVersion + "/" + kind + " " + name;
        }

        <T> T as(Class<T> type) {
            return type.cast(model);
        }
    }

    /** A document that does not read into its model, or has none. */
    static final class InvalidManifest extends RuntimeException {
        InvalidManifest(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Splits a multi-document YAML stream into raw trees (empty documents skipped). */
    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (values.hasNextValue()) {
                JsonNode document = values.nextValue();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    /** Reads one object into its model, strictly. */
    static Manifest validate(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        String kind = document.path("kind").asText();
        String name = document.path("metadata").path("name").asText();
        Class<?> model = MODELS.get(apiVersion + "/" + kind);
        if (model == null) {
            throw new InvalidManifest(
                    apiVersion + "/" + kind + " " + name + ": no schema for this apiVersion and kind (known: "
                            + MODELS.keySet().stream().sorted().toList() + ")",
                    null);
        }
        if (name.isEmpty()) {
            throw new InvalidManifest(apiVersion + "/" + kind + ": metadata.name is missing", null);
        }
        try {
            return new Manifest(apiVersion, kind, name, document, STRICT.treeToValue(document, model));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidManifest(
                    apiVersion + "/" + kind + " " + name + " does not match its schema: " + e.getMessage(), e);
        }
    }
}
