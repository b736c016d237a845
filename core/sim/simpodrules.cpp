// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simpodrules.h"

#include "sim/simfielderrors.h"

#include <QRandomGenerator>
#include <QSet>

using namespace SimFieldErrors;

namespace {

const QString kSpec = QStringLiteral("spec");

QString randomSuffix()
{
    // Like the apiserver's name generator: five of "bcdfghjklmnpqrstvwxz2456789".
    static const QString alphabet = QStringLiteral("bcdfghjklmnpqrstvwxz2456789");
    QString suffix;
    for (int i = 0; i < 5; ++i)
        suffix += alphabet.at(QRandomGenerator::global()->bounded(int(alphabet.size())));
    return suffix;
}

// An image without a tag, or tagged latest, is pulled always; a digest or another tag only when missing.
QString defaultPullPolicy(const QString &image)
{
    if (image.contains(QLatin1Char('@')))
        return QStringLiteral("IfNotPresent");
    const qsizetype slash = image.lastIndexOf(QLatin1Char('/'));
    const qsizetype colon = image.lastIndexOf(QLatin1Char(':'));
    const QString tag = colon > slash ? image.mid(colon + 1) : QString();
    return tag.isEmpty() || tag == QLatin1String("latest") ? QStringLiteral("Always") : QStringLiteral("IfNotPresent");
}

void defaultFieldRef(QJsonObject &holder)
{
    if (!holder.value(QStringLiteral("fieldRef")).isObject())
        return;
    QJsonObject fieldRef = holder.value(QStringLiteral("fieldRef")).toObject();
    if (!fieldRef.contains(QStringLiteral("apiVersion")))
        fieldRef.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
    holder.insert(QStringLiteral("fieldRef"), fieldRef);
}

QJsonObject defaultProbe(QJsonObject probe)
{
    const QList<QPair<const char *, int>> defaults
        = {{"timeoutSeconds", 1}, {"periodSeconds", 10}, {"successThreshold", 1}, {"failureThreshold", 3}};
    for (const auto &[key, value] : defaults) {
        if (!probe.contains(QLatin1String(key)))
            probe.insert(QLatin1String(key), value);
    }
    if (probe.value(QStringLiteral("httpGet")).isObject()) {
        QJsonObject httpGet = probe.value(QStringLiteral("httpGet")).toObject();
        if (!httpGet.contains(QStringLiteral("path")))
            httpGet.insert(QStringLiteral("path"), QStringLiteral("/"));
        if (!httpGet.contains(QStringLiteral("scheme")))
            httpGet.insert(QStringLiteral("scheme"), QStringLiteral("HTTP"));
        probe.insert(QStringLiteral("httpGet"), httpGet);
    }
    return probe;
}

QJsonObject defaultContainer(QJsonObject container)
{
    QJsonArray ports = container.value(QStringLiteral("ports")).toArray();
    for (qsizetype i = 0; i < ports.size(); ++i) {
        QJsonObject port = ports.at(i).toObject();
        if (!port.contains(QStringLiteral("protocol")))
            port.insert(QStringLiteral("protocol"), QStringLiteral("TCP"));
        ports.replace(i, port);
    }
    if (!ports.isEmpty())
        container.insert(QStringLiteral("ports"), ports);
    QJsonArray env = container.value(QStringLiteral("env")).toArray();
    for (qsizetype i = 0; i < env.size(); ++i) {
        QJsonObject variable = env.at(i).toObject();
        if (variable.value(QStringLiteral("valueFrom")).isObject()) {
            QJsonObject valueFrom = variable.value(QStringLiteral("valueFrom")).toObject();
            defaultFieldRef(valueFrom);
            variable.insert(QStringLiteral("valueFrom"), valueFrom);
        }
        env.replace(i, variable);
    }
    if (!env.isEmpty())
        container.insert(QStringLiteral("env"), env);
    // Requests default to the limits given.
    QJsonObject resources = container.value(QStringLiteral("resources")).toObject();
    const QJsonObject limits = resources.value(QStringLiteral("limits")).toObject();
    if (!limits.isEmpty()) {
        QJsonObject requests = resources.value(QStringLiteral("requests")).toObject();
        for (auto it = limits.begin(); it != limits.end(); ++it) {
            if (!requests.contains(it.key()))
                requests.insert(it.key(), it.value());
        }
        resources.insert(QStringLiteral("requests"), requests);
    }
    container.insert(QStringLiteral("resources"), resources);
    if (!container.contains(QStringLiteral("terminationMessagePath")))
        container.insert(QStringLiteral("terminationMessagePath"), QStringLiteral("/dev/termination-log"));
    if (!container.contains(QStringLiteral("terminationMessagePolicy")))
        container.insert(QStringLiteral("terminationMessagePolicy"), QStringLiteral("File"));
    if (!container.contains(QStringLiteral("imagePullPolicy")))
        container.insert(
            QStringLiteral("imagePullPolicy"), defaultPullPolicy(container.value(QStringLiteral("image")).toString()));
    for (const char *probeKey : {"livenessProbe", "readinessProbe", "startupProbe"}) {
        const QString key = QLatin1String(probeKey);
        if (container.value(key).isObject())
            container.insert(key, defaultProbe(container.value(key).toObject()));
    }
    return container;
}

QJsonObject defaultVolume(QJsonObject volume)
{
    for (const char *sourceKey : {"secret", "configMap", "downwardAPI", "projected"}) {
        const QString key = QLatin1String(sourceKey);
        if (!volume.value(key).isObject())
            continue;
        QJsonObject source = volume.value(key).toObject();
        if (!source.contains(QStringLiteral("defaultMode")))
            source.insert(QStringLiteral("defaultMode"), 420);
        if (key == QLatin1String("downwardAPI")) {
            QJsonArray items = source.value(QStringLiteral("items")).toArray();
            for (qsizetype i = 0; i < items.size(); ++i) {
                QJsonObject item = items.at(i).toObject();
                defaultFieldRef(item);
                items.replace(i, item);
            }
            if (!items.isEmpty())
                source.insert(QStringLiteral("items"), items);
        }
        volume.insert(key, source);
    }
    if (volume.value(QStringLiteral("hostPath")).isObject()) {
        QJsonObject hostPath = volume.value(QStringLiteral("hostPath")).toObject();
        if (!hostPath.contains(QStringLiteral("type")))
            hostPath.insert(QStringLiteral("type"), QString());
        volume.insert(QStringLiteral("hostPath"), hostPath);
    }
    return volume;
}

// The ServiceAccount admission plugin of current Kubernetes mounts a projected token, the cluster CA and the
// namespace into every container, unless the Pod opts out.
void mountServiceAccountToken(QJsonObject &spec)
{
    if (spec.value(QStringLiteral("automountServiceAccountToken")) == QJsonValue(false))
        return;
    QJsonArray volumes = spec.value(QStringLiteral("volumes")).toArray();
    for (const QJsonValue &volume : std::as_const(volumes)) {
        if (volume.toObject().value(QStringLiteral("name")).toString().startsWith(QLatin1String("kube-api-access-")))
            return;
    }
    const QString name = QStringLiteral("kube-api-access-") + randomSuffix();
    const QJsonObject token {{QStringLiteral("serviceAccountToken"),
        QJsonObject {{QStringLiteral("expirationSeconds"), 3607}, {QStringLiteral("path"), QStringLiteral("token")}}}};
    const QJsonObject ca {{QStringLiteral("configMap"),
        QJsonObject {{QStringLiteral("name"), QStringLiteral("kube-root-ca.crt")},
            {QStringLiteral("items"),
                QJsonArray {QJsonObject {{QStringLiteral("key"), QStringLiteral("ca.crt")},
                    {QStringLiteral("path"), QStringLiteral("ca.crt")}}}}}}};
    const QJsonObject namespaceFile {{QStringLiteral("downwardAPI"),
        QJsonObject {{QStringLiteral("items"),
            QJsonArray {QJsonObject {{QStringLiteral("path"), QStringLiteral("namespace")},
                {QStringLiteral("fieldRef"),
                    QJsonObject {{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                        {QStringLiteral("fieldPath"), QStringLiteral("metadata.namespace")}}}}}}}}};
    volumes.append(QJsonObject {{QStringLiteral("name"), name},
        {QStringLiteral("projected"),
            QJsonObject {{QStringLiteral("defaultMode"), 420},
                {QStringLiteral("sources"), QJsonArray {token, ca, namespaceFile}}}}});
    spec.insert(QStringLiteral("volumes"), volumes);
    const QJsonObject mount {{QStringLiteral("name"), name}, {QStringLiteral("readOnly"), true},
        {QStringLiteral("mountPath"), QStringLiteral("/var/run/secrets/kubernetes.io/serviceaccount")}};
    for (const char *listKey : {"initContainers", "containers"}) {
        const QString key = QLatin1String(listKey);
        QJsonArray containers = spec.value(key).toArray();
        for (qsizetype i = 0; i < containers.size(); ++i) {
            QJsonObject container = containers.at(i).toObject();
            QJsonArray mounts = container.value(QStringLiteral("volumeMounts")).toArray();
            mounts.append(mount);
            container.insert(QStringLiteral("volumeMounts"), mounts);
            containers.replace(i, container);
        }
        if (!containers.isEmpty())
            spec.insert(key, containers);
    }
}

// The DefaultTolerationSeconds admission plugin: 300 s on not-ready and unreachable nodes unless the Pod says.
void defaultTolerations(QJsonObject &spec)
{
    QJsonArray tolerations = spec.value(QStringLiteral("tolerations")).toArray();
    for (const char *taint : {"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"}) {
        bool tolerated = false;
        for (const QJsonValue &value : std::as_const(tolerations)) {
            const QJsonObject toleration = value.toObject();
            const QString key = toleration.value(QStringLiteral("key")).toString();
            const QString effect = toleration.value(QStringLiteral("effect")).toString();
            const bool keyMatches = key == QLatin1String(taint)
                || (key.isEmpty()
                    && toleration.value(QStringLiteral("operator")).toString() == QLatin1String("Exists"));
            tolerated = tolerated || (keyMatches && (effect.isEmpty() || effect == QLatin1String("NoExecute")));
        }
        if (!tolerated)
            tolerations.append(QJsonObject {{QStringLiteral("key"), QLatin1String(taint)},
                {QStringLiteral("operator"), QStringLiteral("Exists")},
                {QStringLiteral("effect"), QStringLiteral("NoExecute")}, {QStringLiteral("tolerationSeconds"), 300}});
    }
    spec.insert(QStringLiteral("tolerations"), tolerations);
}

bool hasComputeResources(const QJsonObject &list)
{
    return list.contains(QStringLiteral("cpu")) || list.contains(QStringLiteral("memory"));
}

void validateContainers(const QJsonArray &containers, const QString &path, QSet<QString> &names, QJsonArray &causes)
{
    const QStringList pullPolicies
        = {QStringLiteral("Always"), QStringLiteral("IfNotPresent"), QStringLiteral("Never")};
    const QStringList messagePolicies = {QStringLiteral("File"), QStringLiteral("FallbackToLogsOnError")};
    for (qsizetype i = 0; i < containers.size(); ++i) {
        const QJsonObject container = containers.at(i).toObject();
        const QString at = QStringLiteral("%1[%2]").arg(path).arg(i);
        const QString name = container.value(QStringLiteral("name")).toString();
        if (name.isEmpty()) {
            causes.append(required(at + QStringLiteral(".name")));
        } else {
            for (const QString &error : dns1123Label(name))
                causes.append(invalid(at + QStringLiteral(".name"), quoted(name), error));
            if (names.contains(name))
                causes.append(cause(QStringLiteral("FieldValueDuplicate"),
                    QStringLiteral("Duplicate value: %1").arg(quoted(name)), at + QStringLiteral(".name")));
            names.insert(name);
        }
        if (container.value(QStringLiteral("image")).toString().trimmed().isEmpty())
            causes.append(required(at + QStringLiteral(".image")));
        const QString policy = container.value(QStringLiteral("imagePullPolicy")).toString();
        if (!pullPolicies.contains(policy))
            causes.append(notSupported(at + QStringLiteral(".imagePullPolicy"), policy, pullPolicies));
        const QString messagePolicy = container.value(QStringLiteral("terminationMessagePolicy")).toString();
        if (!messagePolicies.contains(messagePolicy))
            causes.append(
                notSupported(at + QStringLiteral(".terminationMessagePolicy"), messagePolicy, messagePolicies));
    }
}

// The fields of a running Pod's spec that may change (current Kubernetes' ValidatePodUpdate).
QJsonObject immutablePart(QJsonObject spec)
{
    for (const char *listKey : {"containers", "initContainers"}) {
        const QString key = QLatin1String(listKey);
        QJsonArray containers = spec.value(key).toArray();
        for (qsizetype i = 0; i < containers.size(); ++i) {
            QJsonObject container = containers.at(i).toObject();
            container.remove(QStringLiteral("image"));
            containers.replace(i, container);
        }
        if (spec.contains(key))
            spec.insert(key, containers);
    }
    for (const char *key : {"activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates"})
        spec.remove(QLatin1String(key));
    return spec;
}

} // namespace

void SimPodRules::applyDefaults(QJsonObject &pod, bool creating)
{
    QJsonObject spec = pod.value(kSpec).toObject();
    for (const char *listKey : {"initContainers", "containers"}) {
        const QString key = QLatin1String(listKey);
        QJsonArray containers = spec.value(key).toArray();
        for (qsizetype i = 0; i < containers.size(); ++i)
            containers.replace(i, defaultContainer(containers.at(i).toObject()));
        if (spec.contains(key))
            spec.insert(key, containers);
    }
    QJsonArray volumes = spec.value(QStringLiteral("volumes")).toArray();
    for (qsizetype i = 0; i < volumes.size(); ++i)
        volumes.replace(i, defaultVolume(volumes.at(i).toObject()));
    if (spec.contains(QStringLiteral("volumes")))
        spec.insert(QStringLiteral("volumes"), volumes);
    const QList<QPair<const char *, QJsonValue>> defaults
        = {{"restartPolicy", QStringLiteral("Always")}, {"terminationGracePeriodSeconds", 30},
            {"dnsPolicy", QStringLiteral("ClusterFirst")}, {"securityContext", QJsonObject()},
            {"schedulerName", QStringLiteral("default-scheduler")}, {"enableServiceLinks", true}};
    for (const auto &[key, value] : defaults) {
        if (!spec.contains(QLatin1String(key)))
            spec.insert(QLatin1String(key), value);
    }
    if (creating) {
        // Admission plugins: ServiceAccount, DefaultTolerationSeconds, Priority.
        if (spec.value(QStringLiteral("serviceAccountName")).toString().isEmpty())
            spec.insert(QStringLiteral("serviceAccountName"),
                spec.value(QStringLiteral("serviceAccount")).toString().isEmpty()
                    ? QStringLiteral("default")
                    : spec.value(QStringLiteral("serviceAccount")).toString());
        mountServiceAccountToken(spec);
        defaultTolerations(spec);
        if (!spec.contains(QStringLiteral("priority")))
            spec.insert(QStringLiteral("priority"), 0);
        if (!spec.contains(QStringLiteral("preemptionPolicy")))
            spec.insert(QStringLiteral("preemptionPolicy"), QStringLiteral("PreemptLowerPriority"));
    }
    // The deprecated serviceAccount mirrors serviceAccountName.
    if (spec.contains(QStringLiteral("serviceAccountName")))
        spec.insert(QStringLiteral("serviceAccount"), spec.value(QStringLiteral("serviceAccountName")));
    pod.insert(kSpec, spec);
}

QString SimPodRules::qosClass(const QJsonObject &pod)
{
    const QJsonObject spec = pod.value(kSpec).toObject();
    bool anyResources = false;
    bool guaranteed = true;
    for (const char *listKey : {"initContainers", "containers"}) {
        for (const QJsonValue &value : spec.value(QLatin1String(listKey)).toArray()) {
            const QJsonObject resources = value.toObject().value(QStringLiteral("resources")).toObject();
            const QJsonObject requests = resources.value(QStringLiteral("requests")).toObject();
            const QJsonObject limits = resources.value(QStringLiteral("limits")).toObject();
            anyResources = anyResources || hasComputeResources(requests) || hasComputeResources(limits);
            for (const char *name : {"cpu", "memory"}) {
                const QString key = QLatin1String(name);
                if (!limits.contains(key) || (requests.contains(key) && requests.value(key) != limits.value(key)))
                    guaranteed = false;
            }
        }
    }
    if (!anyResources)
        return QStringLiteral("BestEffort");
    return guaranteed ? QStringLiteral("Guaranteed") : QStringLiteral("Burstable");
}

void SimPodRules::mirrorStatusIps(QJsonObject &pod)
{
    if (!pod.value(QStringLiteral("status")).isObject())
        return;
    QJsonObject status = pod.value(QStringLiteral("status")).toObject();
    for (const auto &[single, plural] : {std::pair {"podIP", "podIPs"}, std::pair {"hostIP", "hostIPs"}}) {
        const QString ip = status.value(QLatin1String(single)).toString();
        const QJsonArray ips = status.value(QLatin1String(plural)).toArray();
        if (!ip.isEmpty() && ips.isEmpty())
            status.insert(QLatin1String(plural), QJsonArray {QJsonObject {{QStringLiteral("ip"), ip}}});
        else if (ip.isEmpty() && !ips.isEmpty())
            status.insert(QLatin1String(single), ips.at(0).toObject().value(QStringLiteral("ip")));
    }
    pod.insert(QStringLiteral("status"), status);
}

QJsonObject SimPodRules::initialStatus(const QJsonObject &pod)
{
    return {{QStringLiteral("phase"), QStringLiteral("Pending")}, {QStringLiteral("qosClass"), qosClass(pod)}};
}

QJsonArray SimPodRules::validate(const QJsonObject &pod, const QJsonObject *current)
{
    QJsonArray causes;
    const QJsonObject spec = pod.value(kSpec).toObject();
    QSet<QString> volumeNames;
    const QJsonArray volumes = spec.value(QStringLiteral("volumes")).toArray();
    for (qsizetype i = 0; i < volumes.size(); ++i) {
        const QString name = volumes.at(i).toObject().value(QStringLiteral("name")).toString();
        const QString at = QStringLiteral("spec.volumes[%1].name").arg(i);
        if (name.isEmpty()) {
            causes.append(required(at));
            continue;
        }
        for (const QString &error : dns1123Label(name))
            causes.append(invalid(at, quoted(name), error));
        if (volumeNames.contains(name))
            causes.append(cause(
                QStringLiteral("FieldValueDuplicate"), QStringLiteral("Duplicate value: %1").arg(quoted(name)), at));
        volumeNames.insert(name);
    }
    QSet<QString> containerNames;
    const QJsonArray containers = spec.value(QStringLiteral("containers")).toArray();
    if (containers.isEmpty())
        causes.append(required(QStringLiteral("spec.containers")));
    validateContainers(containers, QStringLiteral("spec.containers"), containerNames, causes);
    validateContainers(spec.value(QStringLiteral("initContainers")).toArray(), QStringLiteral("spec.initContainers"),
        containerNames, causes);
    const QString restartPolicy = spec.value(QStringLiteral("restartPolicy")).toString();
    const QStringList restartPolicies
        = {QStringLiteral("Always"), QStringLiteral("OnFailure"), QStringLiteral("Never")};
    if (!restartPolicies.contains(restartPolicy))
        causes.append(notSupported(QStringLiteral("spec.restartPolicy"), restartPolicy, restartPolicies));
    const QString dnsPolicy = spec.value(QStringLiteral("dnsPolicy")).toString();
    const QStringList dnsPolicies = {QStringLiteral("ClusterFirstWithHostNet"), QStringLiteral("ClusterFirst"),
        QStringLiteral("Default"), QStringLiteral("None")};
    if (!dnsPolicies.contains(dnsPolicy))
        causes.append(notSupported(QStringLiteral("spec.dnsPolicy"), dnsPolicy, dnsPolicies));
    if (current && causes.isEmpty() && immutablePart(spec) != immutablePart(current->value(kSpec).toObject())) {
        causes.append(forbidden(QStringLiteral("spec"),
            QStringLiteral("pod updates may not change fields other than `spec.containers[*].image`,"
                           "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only "
                           "additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be "
                           "set to 1 if it was previously negative)")));
    }
    return causes;
}
