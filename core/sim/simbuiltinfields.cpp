// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simbuiltinfields.h"

#include "sim/simresourceinfo.h"

#include <QHash>
#include <QJsonArray>

#include <memory>

namespace {

/// The known fields of an object; a field without a node is taken as it comes.
struct FieldNode {
    QHash<QString, std::shared_ptr<FieldNode>> fields;
    std::shared_ptr<FieldNode> items; ///< the fields of each element of an array of objects
};
using FieldNodePtr = std::shared_ptr<FieldNode>;

FieldNodePtr leaves(const QStringList &names)
{
    auto node = std::make_shared<FieldNode>();
    for (const QString &name : names)
        node->fields.insert(name, nullptr);
    return node;
}

FieldNodePtr arrayOf(const FieldNodePtr &element)
{
    auto node = std::make_shared<FieldNode>();
    node->items = element;
    return node;
}

QStringList split(const char *names)
{
    return QString::fromLatin1(names).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

FieldNodePtr objectMeta()
{
    return leaves(split("name generateName namespace selfLink uid resourceVersion generation creationTimestamp "
                        "deletionTimestamp deletionGracePeriodSeconds labels annotations ownerReferences finalizers "
                        "managedFields"));
}

FieldNodePtr topLevel(const char *names)
{
    FieldNodePtr node = leaves(split("apiVersion kind"));
    for (const QString &name : split(names))
        node->fields.insert(name, nullptr);
    node->fields.insert(QStringLiteral("metadata"), objectMeta());
    return node;
}

FieldNodePtr container()
{
    FieldNodePtr node = leaves(split("name image command args workingDir envFrom resizePolicy restartPolicy "
                                     "volumeDevices livenessProbe readinessProbe startupProbe lifecycle "
                                     "terminationMessagePath terminationMessagePolicy imagePullPolicy securityContext "
                                     "stdin stdinOnce tty"));
    node->fields.insert(QStringLiteral("ports"), arrayOf(leaves(split("name hostPort containerPort protocol hostIP"))));
    node->fields.insert(QStringLiteral("env"), arrayOf(leaves(split("name value valueFrom"))));
    node->fields.insert(QStringLiteral("resources"), leaves(split("limits requests claims")));
    node->fields.insert(QStringLiteral("volumeMounts"),
        arrayOf(leaves(split("name readOnly recursiveReadOnly mountPath subPath mountPropagation subPathExpr"))));
    return node;
}

FieldNodePtr pod()
{
    FieldNodePtr spec = leaves(split(
        "restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy nodeSelector serviceAccountName "
        "serviceAccount automountServiceAccountToken nodeName hostNetwork hostPID hostIPC shareProcessNamespace "
        "securityContext imagePullSecrets hostname subdomain affinity schedulerName tolerations hostAliases "
        "priorityClassName priority dnsConfig readinessGates runtimeClassName enableServiceLinks preemptionPolicy "
        "overhead topologySpreadConstraints setHostnameAsFQDN os hostUsers schedulingGates resourceClaims resources "
        "ephemeralContainers"));
    spec->fields.insert(QStringLiteral("containers"), arrayOf(container()));
    spec->fields.insert(QStringLiteral("initContainers"), arrayOf(container()));
    // A volume is its name and one source; the sources' own fields are not checked.
    spec->fields.insert(QStringLiteral("volumes"),
        arrayOf(leaves(split("name hostPath emptyDir gcePersistentDisk awsElasticBlockStore gitRepo secret nfs iscsi "
                             "glusterfs persistentVolumeClaim rbd flexVolume cinder cephfs flocker downwardAPI fc "
                             "azureFile configMap vsphereVolume quobyte azureDisk photonPersistentDisk projected "
                             "portworxVolume scaleIO storageos csi ephemeral image"))));
    FieldNodePtr node = topLevel("status");
    node->fields.insert(QStringLiteral("spec"), spec);
    return node;
}

FieldNodePtr persistentVolumeClaim()
{
    FieldNodePtr spec = leaves(split("accessModes selector volumeName storageClassName volumeMode dataSource "
                                     "dataSourceRef volumeAttributesClassName"));
    spec->fields.insert(QStringLiteral("resources"), leaves(split("limits requests")));
    FieldNodePtr node = topLevel("status");
    node->fields.insert(QStringLiteral("spec"), spec);
    return node;
}

FieldNodePtr service()
{
    FieldNodePtr spec = leaves(
        split("selector clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP loadBalancerSourceRanges "
              "externalName externalTrafficPolicy healthCheckNodePort publishNotReadyAddresses sessionAffinityConfig "
              "ipFamilies ipFamilyPolicy allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy "
              "trafficDistribution"));
    spec->fields.insert(
        QStringLiteral("ports"), arrayOf(leaves(split("name protocol appProtocol port targetPort nodePort"))));
    FieldNodePtr node = topLevel("status");
    node->fields.insert(QStringLiteral("spec"), spec);
    return node;
}

FieldNodePtr namespaceKind()
{
    FieldNodePtr node = topLevel("status");
    node->fields.insert(QStringLiteral("spec"), leaves(split("finalizers")));
    return node;
}

const FieldNode *tableFor(const SimResourceInfo &info)
{
    static const QHash<QString, FieldNodePtr> tables = {
        {QStringLiteral("Namespace"), namespaceKind()},
        {QStringLiteral("Secret"), topLevel("data stringData type immutable")},
        {QStringLiteral("PersistentVolumeClaim"), persistentVolumeClaim()},
        {QStringLiteral("Service"), service()},
        {QStringLiteral("Pod"), pod()},
        {QStringLiteral("Event"),
            topLevel("involvedObject reason message source firstTimestamp lastTimestamp count type eventTime series "
                     "action related reportingComponent reportingInstance")},
    };
    if (info.group == QLatin1String("storage.k8s.io") && info.kind == QLatin1String("StorageClass")) {
        static const FieldNodePtr storageClass = topLevel("provisioner parameters reclaimPolicy mountOptions "
                                                          "allowVolumeExpansion volumeBindingMode allowedTopologies");
        return storageClass.get();
    }
    if (!info.group.isEmpty())
        return nullptr;
    const FieldNodePtr table = tables.value(info.kind);
    return table.get();
}

QJsonValue walk(const FieldNode &node, const QJsonValue &value, const QString &path, QStringList *unknown)
{
    if (node.items) {
        if (!value.isArray())
            return value;
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array.replace(i, walk(*node.items, array.at(i), path + QStringLiteral("[%1]").arg(i), unknown));
        return array;
    }
    if (!value.isObject())
        return value;
    const QJsonObject object = value.toObject();
    QJsonObject kept;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString childPath = path.isEmpty() ? it.key() : path + QLatin1Char('.') + it.key();
        const auto known = node.fields.constFind(it.key());
        if (known == node.fields.constEnd()) {
            unknown->append(childPath);
            continue;
        }
        kept.insert(it.key(), known.value() ? walk(*known.value(), it.value(), childPath, unknown) : it.value());
    }
    return kept;
}

} // namespace

bool SimBuiltinFields::knows(const SimResourceInfo &info)
{
    return tableFor(info) != nullptr;
}

QStringList SimBuiltinFields::unknownFields(const SimResourceInfo &info, const QJsonObject &object)
{
    QStringList unknown;
    if (const FieldNode *table = tableFor(info))
        walk(*table, object, QString(), &unknown);
    return unknown;
}

QJsonObject SimBuiltinFields::prune(const SimResourceInfo &info, const QJsonObject &object)
{
    const FieldNode *table = tableFor(info);
    if (!table)
        return object;
    QStringList unknown;
    return walk(*table, object, QString(), &unknown).toObject();
}
