// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simdefaults.h"

#include "sim/simeventrules.h"
#include "sim/simjobrules.h"
#include "sim/simpodrules.h"
#include "sim/simresourceinfo.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QUuid>

namespace {

const QString kSpec = QStringLiteral("spec");

bool isJob(const SimResourceInfo &info)
{
    return info.group == QLatin1String("batch") && info.kind == QLatin1String("Job");
}

bool isCore(const SimResourceInfo &info, const char *kind)
{
    return info.group.isEmpty() && info.kind == QLatin1String(kind);
}

// Go's base64.StdEncoding: padded, standard alphabet; the byte offset of the first bad input.
std::optional<int> badBase64Offset(const QString &text)
{
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const bool ok = (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || c == QLatin1Char('+') || c == QLatin1Char('/') || c == QLatin1Char('=') || c == QLatin1Char('\r')
            || c == QLatin1Char('\n');
        if (!ok)
            return i;
    }
    QString compact = text;
    compact.remove(QLatin1Char('\r'));
    compact.remove(QLatin1Char('\n'));
    if (compact.size() % 4 != 0)
        return int(compact.size() / 4 * 4);
    const qsizetype padding = compact.indexOf(QLatin1Char('='));
    if (padding >= 0 && padding < compact.size() - 2)
        return int(padding);
    return std::nullopt;
}

QString allocateClusterIp(const std::function<bool(const QString &)> &ipInUse)
{
    // 10.96.0.0/16 like a kubeadm cluster; .0.1 is the kubernetes Service, .0.10 the DNS.
    for (int attempt = 0; attempt < 1000; ++attempt) {
        const quint32 host = QRandomGenerator::global()->bounded(11u, 65534u);
        const QString ip = QStringLiteral("10.96.%1.%2").arg(host >> 8).arg(host & 0xff);
        if (!ipInUse || !ipInUse(ip))
            return ip;
    }
    return QStringLiteral("10.96.255.254");
}

void defaultService(
    QJsonObject &object, const QJsonObject *current, const std::function<bool(const QString &)> &ipInUse)
{
    QJsonObject spec = object.value(kSpec).toObject();
    if (!spec.contains(QStringLiteral("type")))
        spec.insert(QStringLiteral("type"), QStringLiteral("ClusterIP"));
    const QString type = spec.value(QStringLiteral("type")).toString();
    const bool externalName = type == QLatin1String("ExternalName");
    if (!spec.contains(QStringLiteral("sessionAffinity")))
        spec.insert(QStringLiteral("sessionAffinity"), QStringLiteral("None"));
    const QJsonObject currentSpec = current ? current->value(kSpec).toObject() : QJsonObject();
    QJsonArray ports = spec.value(QStringLiteral("ports")).toArray();
    const QJsonArray currentPorts = currentSpec.value(QStringLiteral("ports")).toArray();
    const bool nodePorts = type == QLatin1String("NodePort") || type == QLatin1String("LoadBalancer");
    for (qsizetype i = 0; i < ports.size(); ++i) {
        QJsonObject port = ports.at(i).toObject();
        if (!port.contains(QStringLiteral("protocol")))
            port.insert(QStringLiteral("protocol"), QStringLiteral("TCP"));
        if (!port.contains(QStringLiteral("targetPort")) || port.value(QStringLiteral("targetPort")) == QJsonValue(0))
            port.insert(QStringLiteral("targetPort"), port.value(QStringLiteral("port")));
        if (nodePorts && port.value(QStringLiteral("nodePort")).toInt() == 0) {
            // Keep the node port allocated before (same port number), else allocate one.
            int kept = 0;
            for (const QJsonValue &old : currentPorts) {
                if (old.toObject().value(QStringLiteral("port")) == port.value(QStringLiteral("port")))
                    kept = old.toObject().value(QStringLiteral("nodePort")).toInt();
            }
            port.insert(
                QStringLiteral("nodePort"), kept ? kept : int(QRandomGenerator::global()->bounded(30000, 32768)));
        }
        ports.replace(i, port);
    }
    if (spec.contains(QStringLiteral("ports")))
        spec.insert(QStringLiteral("ports"), ports);
    if (!externalName) {
        QString clusterIp = spec.value(QStringLiteral("clusterIP")).toString();
        if (clusterIp.isEmpty())
            clusterIp = currentSpec.value(QStringLiteral("clusterIP")).toString();
        if (clusterIp.isEmpty())
            clusterIp = allocateClusterIp(ipInUse);
        spec.insert(QStringLiteral("clusterIP"), clusterIp);
        if (!spec.contains(QStringLiteral("clusterIPs")))
            spec.insert(QStringLiteral("clusterIPs"), QJsonArray {clusterIp});
        if (!spec.contains(QStringLiteral("ipFamilies")))
            spec.insert(QStringLiteral("ipFamilies"), QJsonArray {QStringLiteral("IPv4")});
        if (!spec.contains(QStringLiteral("ipFamilyPolicy")))
            spec.insert(QStringLiteral("ipFamilyPolicy"), QStringLiteral("SingleStack"));
        if (!spec.contains(QStringLiteral("internalTrafficPolicy")))
            spec.insert(QStringLiteral("internalTrafficPolicy"), QStringLiteral("Cluster"));
    }
    if (nodePorts && !spec.contains(QStringLiteral("externalTrafficPolicy")))
        spec.insert(QStringLiteral("externalTrafficPolicy"), QStringLiteral("Cluster"));
    if (type == QLatin1String("LoadBalancer") && !spec.contains(QStringLiteral("allocateLoadBalancerNodePorts")))
        spec.insert(QStringLiteral("allocateLoadBalancerNodePorts"), true);
    object.insert(kSpec, spec);
}

void defaultPvc(QJsonObject &object, const QJsonObject *current)
{
    QJsonObject spec = object.value(kSpec).toObject();
    if (!spec.contains(QStringLiteral("volumeMode")))
        spec.insert(QStringLiteral("volumeMode"), QStringLiteral("Filesystem"));
    // apiGroup has no omitempty: a core reference carries "apiGroup": null.
    for (const char *reference : {"dataSource", "dataSourceRef"}) {
        const QString key = QLatin1String(reference);
        if (!spec.value(key).isObject())
            continue;
        QJsonObject source = spec.value(key).toObject();
        if (!source.contains(QStringLiteral("apiGroup")))
            source.insert(QStringLiteral("apiGroup"), QJsonValue::Null);
        spec.insert(key, source);
    }
    // Current Kubernetes mirrors dataSource into dataSourceRef (AnyVolumeDataSource).
    if (spec.value(QStringLiteral("dataSource")).isObject() && !spec.contains(QStringLiteral("dataSourceRef")))
        spec.insert(QStringLiteral("dataSourceRef"), spec.value(QStringLiteral("dataSource")));
    object.insert(kSpec, spec);
    if (!current) {
        // The StorageObjectInUseProtection admission plugin (on by default) protects every new claim.
        QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
        QJsonArray finalizers = meta.value(QStringLiteral("finalizers")).toArray();
        if (!finalizers.contains(QStringLiteral("kubernetes.io/pvc-protection")))
            finalizers.append(QStringLiteral("kubernetes.io/pvc-protection"));
        meta.insert(QStringLiteral("finalizers"), finalizers);
        object.insert(QStringLiteral("metadata"), meta);
    }
}

} // namespace

std::optional<QString> SimDefaults::decode(const SimResourceInfo &info, QJsonObject &object)
{
    if (isCore(info, "Event"))
        return SimEventRules::decodeError(object);
    if (!isCore(info, "Secret"))
        return std::nullopt;
    QJsonObject data = object.value(QStringLiteral("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (!it.value().isString() && !it.value().isNull())
            return QStringLiteral("Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal "
                                  "%1 into Go struct field Secret.data of type []uint8")
                .arg(it.value().isDouble() ? QStringLiteral("number") : QStringLiteral("object"));
        if (const std::optional<int> offset = badBase64Offset(it.value().toString()))
            return QStringLiteral("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at "
                                  "input byte %1")
                .arg(*offset);
    }
    if (object.contains(QStringLiteral("stringData"))) {
        // The apiserver's conversion: every stringData entry overwrites data (UTF-8, base64 on the wire).
        const QJsonObject stringData = object.value(QStringLiteral("stringData")).toObject();
        for (auto it = stringData.begin(); it != stringData.end(); ++it)
            data.insert(it.key(), QString::fromLatin1(it.value().toString().toUtf8().toBase64()));
        object.remove(QStringLiteral("stringData"));
        object.insert(QStringLiteral("data"), data);
    }
    return std::nullopt;
}

void SimDefaults::apply(const SimResourceInfo &info, QJsonObject &object, const QJsonObject *current,
    const std::function<bool(const QString &)> &ipInUse)
{
    if (isCore(info, "Secret") && object.value(QStringLiteral("type")).toString().isEmpty())
        object.insert(QStringLiteral("type"), QStringLiteral("Opaque"));
    else if (isCore(info, "PersistentVolumeClaim"))
        defaultPvc(object, current);
    else if (isCore(info, "Service"))
        defaultService(object, current, ipInUse);
    else if (isCore(info, "Pod"))
        SimPodRules::applyDefaults(object, current == nullptr);
    else if (isCore(info, "Event"))
        SimEventRules::applyDefaults(object);
    else if (isJob(info)) {
        SimJobRules::applyDefaults(object);
        if (!current) {
            // Validation sees what the registry prepares from the uid; the store gives the final uid and prepares
            // again (prepareForCreate).
            QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
            meta.insert(QStringLiteral("uid"), QUuid::createUuid().toString(QUuid::WithoutBraces));
            object.insert(QStringLiteral("metadata"), meta);
            SimJobRules::prepareForCreate(object);
        }
    }
}

void SimDefaults::prepareForCreate(const SimResourceInfo &info, QJsonObject &object)
{
    if (isJob(info))
        SimJobRules::prepareForCreate(object);
}

QJsonObject SimDefaults::initialStatus(const SimResourceInfo &info, const QJsonObject &object)
{
    if (isCore(info, "Pod"))
        return SimPodRules::initialStatus(object);
    if (isCore(info, "PersistentVolumeClaim"))
        return QJsonObject {{QStringLiteral("phase"), QStringLiteral("Pending")}};
    if (isCore(info, "Service"))
        return QJsonObject {{QStringLiteral("loadBalancer"), QJsonObject()}};
    return {};
}
