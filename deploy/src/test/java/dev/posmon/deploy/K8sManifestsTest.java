package dev.posmon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.posmon.contract.topic.Topic;
import dev.posmon.contract.topic.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay renders with the real {@code kubectl kustomize}, every rendered object reads strictly into the
 * typed model of its apiVersion and kind ({@link Manifests}), and the objects say what posmon needs: the
 * services' probes and security contexts, a KafkaTopic per topic of {@link Topics} with its configs, secrets
 * and config maps that exist, default-deny network policies.
 */
class K8sManifestsTest {

    private static final Map<String, List<Manifests.Manifest>> RENDERED = new HashMap<>();
    private static final Set<String> SERVICES = Set.of("ingest-service", "analytics-service", "alerting");

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(Tools.DEPLOY.resolve("k8s").resolve("overlays"))) {
            List<String> names = dirs.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .sorted()
                    .toList();
            assertThat(names).contains("dev", "prod");
            return names.stream();
        }
    }

    /** kubectl kustomize of one overlay, every object validated; cached per overlay. */
    static synchronized List<Manifests.Manifest> render(String overlay) throws Exception {
        if (!RENDERED.containsKey(overlay)) {
            Path kubectl = Tools.require("kubectl", "kubectl");
            Tools.Result result = Tools.run(List.of(
                    kubectl.toString(),
                    "kustomize",
                    Path.of("k8s", "overlays", overlay).toString()));
            assertThat(result.exitCode())
                    .as("kubectl kustomize k8s/overlays/%s:%n%s", overlay, result.output())
                    .isZero();
            List<Manifests.Manifest> manifests = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (JsonNode document : Manifests.documents(result.output())) {
                try {
                    manifests.add(Manifests.validate(document));
                } catch (Manifests.InvalidManifest e) {
                    errors.add(e.getMessage());
                }
            }
            assertThat(errors)
                    .as("objects of overlay %s that do not validate", overlay)
                    .isEmpty();
            Map<String, Long> counts = manifests.stream()
                    .collect(Collectors.groupingBy(
                            m -> m.apiVersion() + "/" + m.kind(), TreeMap::new, Collectors.counting()));
            System.out.printf("overlay %s: %d objects validated: %s%n", overlay, manifests.size(), counts);
            RENDERED.put(overlay, manifests);
        }
        return RENDERED.get(overlay);
    }

    private static <T> List<T> all(List<Manifests.Manifest> manifests, Class<T> type) {
        return manifests.stream()
                .filter(m -> type.isInstance(m.model()))
                .map(m -> m.as(type))
                .toList();
    }

    @ParameterizedTest(name = "overlay {0} renders and every object validates")
    @MethodSource("overlays")
    void everyObjectValidates(String overlay) throws Exception {
        List<Manifests.Manifest> manifests = render(overlay);
        Set<String> kinds = manifests.stream().map(Manifests.Manifest::kind).collect(Collectors.toSet());
        assertThat(kinds)
                .contains(
                        "Deployment",
                        "StatefulSet",
                        "Service",
                        "HorizontalPodAutoscaler",
                        "PodDisruptionBudget",
                        "NetworkPolicy",
                        "ConfigMap",
                        "Kafka",
                        "KafkaNodePool",
                        "KafkaTopic",
                        "ServiceMonitor",
                        "PrometheusRule",
                        "Namespace");
        assertThat(manifests.stream().map(Manifests.Manifest::id)).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "overlay {0}: probes, resources and a locked-down security context on every container")
    @MethodSource("overlays")
    void workloadsAreProbedBoundedAndNonRoot(String overlay) throws Exception {
        List<Manifests.Manifest> manifests = render(overlay);
        Map<String, PodSpec> pods = new TreeMap<>();
        all(manifests, Deployment.class)
                .forEach(d -> pods.put(
                        d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        all(manifests, StatefulSet.class)
                .forEach(s -> pods.put(
                        s.getMetadata().getName(), s.getSpec().getTemplate().getSpec()));
        assertThat(pods.keySet()).containsAll(SERVICES);
        pods.forEach((name, pod) -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot())
                    .as("%s runAsNonRoot", name)
                    .isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType())
                    .as("%s seccomp", name)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken())
                    .as("%s automountServiceAccountToken", name)
                    .isFalse();
            for (Container container : pod.getContainers()) {
                String where = name + "/" + container.getName();
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation())
                        .as("%s allowPrivilegeEscalation", where)
                        .isFalse();
                assertThat(security.getReadOnlyRootFilesystem())
                        .as("%s readOnlyRootFilesystem", where)
                        .isTrue();
                assertThat(security.getCapabilities().getDrop())
                        .as("%s drops", where)
                        .containsExactly("ALL");
                assertThat(container.getResources().getRequests())
                        .as("%s requests", where)
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits())
                        .as("%s limits", where)
                        .containsKey("memory");
                assertThat(container.getStartupProbe())
                        .as("%s startupProbe", where)
                        .isNotNull();
                assertThat(container.getLivenessProbe())
                        .as("%s livenessProbe", where)
                        .isNotNull();
                assertThat(container.getReadinessProbe())
                        .as("%s readinessProbe", where)
                        .isNotNull();
                assertThat(mountPaths(container))
                        .as("%s has a writable /tmp", where)
                        .contains("/tmp");
                mountedVolumes(container)
                        .forEach(volume -> assertThat(pod.getVolumes().stream()
                                                .map(Volume::getName)
                                                .toList()
                                                .contains(volume)
                                        || isClaimTemplate(manifests, name, volume))
                                .as("%s mounts volume %s that exists", where, volume)
                                .isTrue());
                if (SERVICES.contains(name)) {
                    assertThat(container.getStartupProbe().getHttpGet().getPath())
                            .isEqualTo("/q/health/started");
                    assertThat(container.getLivenessProbe().getHttpGet().getPath())
                            .isEqualTo("/q/health/live");
                    assertThat(container.getReadinessProbe().getHttpGet().getPath())
                            .isEqualTo("/q/health/ready");
                }
            }
        });
    }

    @ParameterizedTest(name = "overlay {0}: analytics keeps its Kafka Streams state on an emptyDir")
    @MethodSource("overlays")
    void analyticsStateDirIsAWritableVolume(String overlay) throws Exception {
        Deployment analytics = all(render(overlay), Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("analytics-service"))
                .findFirst()
                .orElseThrow();
        Container container =
                analytics.getSpec().getTemplate().getSpec().getContainers().get(0);
        String stateDir = env(container, "POSMON_ANALYTICS_STATE_DIR").getValue();
        var mount = container.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(stateDir))
                .findFirst();
        assertThat(mount).as("a volume mounted at the state dir %s", stateDir).isPresent();
        Volume volume = analytics.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.get().getName()))
                .findFirst()
                .orElseThrow();
        assertThat(volume.getEmptyDir()).isNotNull();
        assertThat(env(container, "POSMON_ANALYTICS_ADVERTISED_HOST")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("status.podIP");
        assertThat(Integer.parseInt(
                        env(container, "KAFKA_STREAMS_NUM_STREAM_THREADS").getValue()))
                .isPositive();
    }

    @ParameterizedTest(name = "overlay {0}: a KafkaTopic for every topic of Topics.java, with its configs")
    @MethodSource("overlays")
    void kafkaTopicsMatchTheContract(String overlay) throws Exception {
        Map<String, KafkaTopic> topics = all(render(overlay), KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), Function.identity()));
        assertThat(topics.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Topics.ALL.stream().map(Topic::name).toList());
        for (Topic<?, ?> topic : Topics.ALL) {
            KafkaTopic resource = topics.get(topic.name());
            assertThat(resource.getMetadata().getLabels())
                    .as(topic.name())
                    .containsEntry("strimzi.io/cluster", "posmon");
            Map<String, String> configs = new TreeMap<>();
            resource.getSpec().getConfig().forEach((key, value) -> configs.put(key, String.valueOf(value)));
            assertThat(configs).as("%s configs", topic.name()).isEqualTo(new TreeMap<>(topic.configs()));
            assertThat(resource.getSpec().getPartitions())
                    .as("%s partitions", topic.name())
                    .isGreaterThanOrEqualTo(topic.partitions());
            if (overlay.equals("dev")) {
                assertThat(resource.getSpec().getPartitions())
                        .as("%s partitions in dev", topic.name())
                        .isEqualTo(topic.partitions());
            }
        }
        // analytics joins attempts with the latest telemetry per terminal: the two must be co-partitioned.
        assertThat(topics.get(Topics.SIGNON_ATTEMPTS.name()).getSpec().getPartitions())
                .isEqualTo(topics.get(Topics.DEVICE_TELEMETRY.name()).getSpec().getPartitions());
    }

    @ParameterizedTest(
            name = "overlay {0}: every referenced ConfigMap key exists, and every Secret the overlay generates")
    @MethodSource("overlays")
    void configReferencesResolve(String overlay) throws Exception {
        List<Manifests.Manifest> manifests = render(overlay);
        Map<String, ConfigMap> configMaps = all(manifests, ConfigMap.class).stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity()));
        Map<String, Secret> secrets = all(manifests, Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), Function.identity()));
        List<Container> containers = new ArrayList<>();
        all(manifests, Deployment.class)
                .forEach(d ->
                        containers.addAll(d.getSpec().getTemplate().getSpec().getContainers()));
        all(manifests, StatefulSet.class)
                .forEach(s ->
                        containers.addAll(s.getSpec().getTemplate().getSpec().getContainers()));
        for (Container container : containers) {
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() == null) {
                    continue;
                }
                var configKey = env.getValueFrom().getConfigMapKeyRef();
                if (configKey != null) {
                    assertThat(configMaps)
                            .as("%s: ConfigMap %s", env.getName(), configKey.getName())
                            .containsKey(configKey.getName());
                    assertThat(configMaps.get(configKey.getName()).getData())
                            .as("%s: key %s", env.getName(), configKey.getKey())
                            .containsKey(configKey.getKey());
                }
                var secretKey = env.getValueFrom().getSecretKeyRef();
                if (secretKey != null && overlay.equals("dev") && !Boolean.TRUE.equals(secretKey.getOptional())) {
                    assertThat(secrets)
                            .as("%s: Secret %s", env.getName(), secretKey.getName())
                            .containsKey(secretKey.getName());
                    assertThat(secrets.get(secretKey.getName()).getData())
                            .as("%s: key %s", env.getName(), secretKey.getKey())
                            .containsKey(secretKey.getKey());
                }
            }
        }
    }

    @ParameterizedTest(name = "overlay {0}: default deny, autoscaler and disruption budgets point at real workloads")
    @MethodSource("overlays")
    void policiesPointAtRealWorkloads(String overlay) throws Exception {
        List<Manifests.Manifest> manifests = render(overlay);
        NetworkPolicy deny = all(manifests, NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("default-deny"))
                .findFirst()
                .orElseThrow();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();

        Map<String, Map<String, String>> podLabels = new HashMap<>();
        all(manifests, Deployment.class)
                .forEach(d -> podLabels.put(
                        d.getMetadata().getName(),
                        d.getSpec().getTemplate().getMetadata().getLabels()));
        all(manifests, StatefulSet.class)
                .forEach(s -> podLabels.put(
                        s.getMetadata().getName(),
                        s.getSpec().getTemplate().getMetadata().getLabels()));
        for (HorizontalPodAutoscaler hpa : all(manifests, HorizontalPodAutoscaler.class)) {
            assertThat(podLabels).containsKey(hpa.getSpec().getScaleTargetRef().getName());
            assertThat(hpa.getSpec().getMinReplicas())
                    .isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        }
        assertThat(all(manifests, HorizontalPodAutoscaler.class).stream()
                        .map(h -> h.getSpec().getScaleTargetRef().getName()))
                .as(
                        "only ingest autoscales (analytics: partitions; alerting: one active replica judges, the others stand by)")
                .containsExactly("ingest-service");
        for (PodDisruptionBudget pdb : all(manifests, PodDisruptionBudget.class)) {
            Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
            assertThat(podLabels.values().stream()
                            .filter(labels -> labels.entrySet().containsAll(selector.entrySet())))
                    .as("PDB %s selects a workload", pdb.getMetadata().getName())
                    .hasSize(1);
        }
    }

    @ParameterizedTest(name = "overlay {0}: alerting runs one active and a hot standby, rolled one at a time")
    @MethodSource("overlays")
    void alertingIsActiveWithAHotStandby(String overlay) throws Exception {
        List<Manifests.Manifest> manifests = render(overlay);
        Deployment alerting = all(manifests, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("alerting"))
                .findFirst()
                .orElseThrow();
        // Two replicas: the one holding PostgreSQL's advisory lock judges, the other takes over within 60 s.
        assertThat(alerting.getSpec().getReplicas()).as("alerting replicas").isEqualTo(2);
        // A new pod is ready (as a standby) before an old one stops: a standby exists at every step of a rollout.
        var strategy = alerting.getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal())
                .as("maxUnavailable")
                .isZero();
        assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal())
                .as("maxSurge")
                .isEqualTo(1);
        Container container =
                alerting.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(env(container, "POSMON_ALERTING_INSTANCE_ID")
                        .getValueFrom()
                        .getFieldRef()
                        .getFieldPath())
                .as("each replica is named after its pod")
                .isEqualTo("metadata.name");
        // Evictions leave one replica standing.
        Map<String, String> podLabels =
                alerting.getSpec().getTemplate().getMetadata().getLabels();
        List<PodDisruptionBudget> budgets = all(manifests, PodDisruptionBudget.class).stream()
                .filter(pdb -> podLabels
                        .entrySet()
                        .containsAll(
                                pdb.getSpec().getSelector().getMatchLabels().entrySet()))
                .toList();
        assertThat(budgets).as("PDBs selecting alerting's pods").hasSize(1);
        assertThat(budgets.get(0).getSpec().getMinAvailable().getIntVal())
                .as("alerting PDB minAvailable")
                .isEqualTo(1);
        assertThat(budgets.get(0).getSpec().getMaxUnavailable())
                .as("alerting PDB maxUnavailable")
                .isNull();
        // Only one replica judges: an autoscaler would add standbys, never capacity.
        assertThat(all(manifests, HorizontalPodAutoscaler.class).stream()
                        .map(h -> h.getSpec().getScaleTargetRef().getName()))
                .as("HPAs")
                .doesNotContain("alerting");
    }

    @Test
    void validatorRejectsUnknownFieldsWrongTypesAndUnknownKinds() throws Exception {
        List<JsonNode> bad = Manifests.documents("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo}
                spec: {replica: 2}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: wrong-type}
                spec: {partitions: many}
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaNodePool
                metadata: {name: storage-typo}
                spec: {replicas: 1, roles: [broker], storage: {type: ephemeral, sizelimit: 5Gi}}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: nested-typo}
                spec: {groups: [{name: g, rules: [{alert: A, expr: up, labelz: {}}]}]}
                ---
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: unknown-kind}
                spec: {instances: 1}
                """);
        assertThat(bad).hasSize(5);
        List<String> accepted = new ArrayList<>();
        for (JsonNode document : bad) {
            try {
                Manifests.validate(document);
                accepted.add(document.path("metadata").path("name").asText());
            } catch (Manifests.InvalidManifest expected) {
                System.out.println("rejected as it should be: "
                        + expected.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(accepted).as("invalid documents the validator accepted").isEmpty();
        assertThat(Manifests.validate(Manifests.documents("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: fine}
                spec: {partitions: 3, replicas: 1, config: {retention.ms: "1000"}}
                """).get(0)).model()).isInstanceOf(KafkaTopic.class);
    }

    private static List<String> mountPaths(Container container) {
        return container.getVolumeMounts().stream().map(m -> m.getMountPath()).toList();
    }

    private static List<String> mountedVolumes(Container container) {
        return container.getVolumeMounts().stream().map(m -> m.getName()).toList();
    }

    private static boolean isClaimTemplate(List<Manifests.Manifest> manifests, String workload, String volume) {
        return all(manifests, StatefulSet.class).stream()
                .filter(s -> s.getMetadata().getName().equals(workload))
                .flatMap(s -> s.getSpec().getVolumeClaimTemplates().stream())
                .anyMatch(c -> c.getMetadata().getName().equals(volume));
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }
}
