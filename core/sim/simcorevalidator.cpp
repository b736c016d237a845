// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simcorevalidator.h"

#include "sim/simeventrules.h"
#include "sim/simfielderrors.h"
#include "sim/simjobrules.h"
#include "sim/simpodrules.h"
#include "sim/simresourceinfo.h"

#include <QRegularExpression>
#include <QSet>
#include <QStringList>

using namespace SimFieldErrors;

namespace {

const QString kLabelValueFormat = QStringLiteral("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
const QString kQualifiedNameFormat = QStringLiteral("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
const QString kConfigKeyFormat = QStringLiteral("[-._a-zA-Z0-9]+");

void validateLabels(const QJsonObject &labels, QJsonArray &causes)
{
    const QString field = QStringLiteral("metadata.labels");
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        // Qualified name: an optional DNS subdomain prefix and a name of at most 63 characters.
        const QString key = it.key();
        const QString prefix = key.contains(QLatin1Char('/')) ? key.section(QLatin1Char('/'), 0, 0) : QString();
        const QString name = key.contains(QLatin1Char('/')) ? key.section(QLatin1Char('/'), 1) : key;
        if (key.count(QLatin1Char('/')) > 1 || name.isEmpty() || name.size() > 63
            || !fullMatch(kQualifiedNameFormat, name) || (key.contains(QLatin1Char('/')) && prefix.isEmpty())
            || (!prefix.isEmpty() && !dns1123Subdomain(prefix).isEmpty())) {
            causes.append(invalid(field, quoted(key),
                regexError(QStringLiteral("name part must consist of alphanumeric characters, '-', '_' or '.', and "
                                          "must start and end with an alphanumeric character"),
                    kQualifiedNameFormat,
                    {QStringLiteral("MyName"), QStringLiteral("my.name"), QStringLiteral("123-abc")})));
        }
        const QString value = it.value().toString();
        if (value.size() > 63)
            causes.append(invalid(field, quoted(value), maxLenError(63)));
        if (!fullMatch(kLabelValueFormat, value)) {
            causes.append(invalid(field, quoted(value),
                regexError(QStringLiteral("a valid label must be an empty string or consist of alphanumeric "
                                          "characters, '-', '_' or '.', and must start and end with an alphanumeric "
                                          "character"),
                    kLabelValueFormat,
                    {QStringLiteral("MyValue"), QStringLiteral("my_value"), QStringLiteral("12345")})));
        }
    }
}

void validateMeta(const SimResourceInfo &info, const QJsonObject &object, QJsonArray &causes)
{
    const QJsonObject meta = object.value(QStringLiteral("metadata")).toObject();
    const QString name = meta.value(QStringLiteral("name")).toString();
    const QString generateName = meta.value(QStringLiteral("generateName")).toString();
    if (name.isEmpty() && generateName.isEmpty()) {
        causes.append(required(QStringLiteral("metadata.name"), QStringLiteral("name or generateName is required")));
    } else if (!name.isEmpty()) {
        for (const QString &error : SimCoreValidator::nameErrors(info, name))
            causes.append(invalid(QStringLiteral("metadata.name"), quoted(name), error));
    }
    validateLabels(meta.value(QStringLiteral("labels")).toObject(), causes);
}

void validateSecret(const QJsonObject &object, const QJsonObject *current, QJsonArray &causes)
{
    const QJsonObject data = object.value(QStringLiteral("data")).toObject();
    qint64 total = 0;
    for (auto it = data.begin(); it != data.end(); ++it) {
        const QString key = it.key();
        QStringList errors;
        if (key.size() > 253)
            errors.append(maxLenError(253));
        if (!fullMatch(kConfigKeyFormat, key)) {
            errors.append(regexError(QStringLiteral("a valid config key must consist of alphanumeric characters, "
                                                    "'-', '_' or '.'"),
                kConfigKeyFormat,
                {QStringLiteral("key.name"), QStringLiteral("KEY_NAME"), QStringLiteral("key-name")}));
        }
        if (key == QLatin1String("."))
            errors.append(QStringLiteral("must not be '.'"));
        else if (key == QLatin1String(".."))
            errors.append(QStringLiteral("must not be '..'"));
        else if (key.startsWith(QLatin1String("..")))
            errors.append(QStringLiteral("must not start with '..'"));
        for (const QString &error : std::as_const(errors))
            causes.append(invalid(keyPath(QStringLiteral("data"), key), quoted(key), error));
        total += QByteArray::fromBase64(it.value().toString().toLatin1()).size();
    }
    if (total > 1024 * 1024)
        causes.append(cause(QStringLiteral("FieldValueTooLong"),
            QStringLiteral("Too long: may not be more than %1 bytes").arg(1024 * 1024), QStringLiteral("data")));
    const QString type = object.value(QStringLiteral("type")).toString();
    auto has = [&data](const char *key) { return data.contains(QLatin1String(key)); };
    if (type == QLatin1String("kubernetes.io/service-account-token")) {
        const QJsonObject annotations
            = object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject();
        if (annotations.value(QStringLiteral("kubernetes.io/service-account.name")).toString().isEmpty())
            causes.append(required(QStringLiteral("metadata.annotations[kubernetes.io/service-account.name]")));
    } else if (type == QLatin1String("kubernetes.io/dockercfg")) {
        if (!has(".dockercfg"))
            causes.append(required(QStringLiteral("data[.dockercfg]")));
    } else if (type == QLatin1String("kubernetes.io/dockerconfigjson")) {
        if (!has(".dockerconfigjson"))
            causes.append(required(QStringLiteral("data[.dockerconfigjson]")));
    } else if (type == QLatin1String("kubernetes.io/basic-auth")) {
        if (!has("username") && !has("password")) {
            causes.append(required(QStringLiteral("data[username]")));
            causes.append(required(QStringLiteral("data[password]")));
        }
    } else if (type == QLatin1String("kubernetes.io/ssh-auth")) {
        if (data.value(QStringLiteral("ssh-privatekey")).toString().isEmpty())
            causes.append(required(QStringLiteral("data[ssh-privatekey]")));
    } else if (type == QLatin1String("kubernetes.io/tls")) {
        if (!has("tls.crt"))
            causes.append(required(QStringLiteral("data[tls.crt]")));
        if (!has("tls.key"))
            causes.append(required(QStringLiteral("data[tls.key]")));
    }
    if (current) {
        const QString oldType = current->value(QStringLiteral("type")).toString();
        if (type != oldType)
            causes.append(invalid(QStringLiteral("type"), quoted(type), QStringLiteral("field is immutable")));
        if (current->value(QStringLiteral("immutable")).toBool()) {
            if (object.value(QStringLiteral("data")) != current->value(QStringLiteral("data")))
                causes.append(
                    forbidden(QStringLiteral("data"), QStringLiteral("field is immutable when `immutable` is set")));
            if (!object.value(QStringLiteral("immutable")).toBool())
                causes.append(forbidden(
                    QStringLiteral("immutable"), QStringLiteral("field is immutable when `immutable` is set")));
        }
    }
}

// Bytes of a quantity for "greater than zero"; nullopt when not a quantity.
std::optional<double> quantityValue(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    static const QRegularExpression pattern(
        QStringLiteral("^([+-]?[0-9]+(\\.[0-9]*)?|[+-]?\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$"));
    const QRegularExpressionMatch match = pattern.match(value.toString());
    if (!match.hasMatch())
        return std::nullopt;
    return match.captured(1).toDouble();
}

void validatePvc(const QJsonObject &object, const QJsonObject *current, QJsonArray &causes)
{
    const QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
    const QJsonArray modes = spec.value(QStringLiteral("accessModes")).toArray();
    if (modes.isEmpty())
        causes.append(
            required(QStringLiteral("spec.accessModes"), QStringLiteral("at least 1 access mode is required")));
    const QStringList supportedModes = {QStringLiteral("ReadOnlyMany"), QStringLiteral("ReadWriteMany"),
        QStringLiteral("ReadWriteOnce"), QStringLiteral("ReadWriteOncePod")};
    bool readWriteOncePod = false;
    for (const QJsonValue &mode : modes) {
        if (!supportedModes.contains(mode.toString()))
            causes.append(notSupported(QStringLiteral("spec.accessModes"), mode.toString(), supportedModes));
        readWriteOncePod = readWriteOncePod || mode.toString() == QLatin1String("ReadWriteOncePod");
    }
    if (readWriteOncePod && modes.size() > 1) {
        causes.append(forbidden(QStringLiteral("spec.accessModes"),
            QStringLiteral("may not use ReadWriteOncePod with other access modes")));
    }
    const QJsonObject requests
        = spec.value(QStringLiteral("resources")).toObject().value(QStringLiteral("requests")).toObject();
    const QString storagePath = QStringLiteral("spec.resources[storage]");
    if (!requests.contains(QStringLiteral("storage"))) {
        causes.append(required(storagePath));
    } else {
        const std::optional<double> storage = quantityValue(requests.value(QStringLiteral("storage")));
        if (storage && *storage <= 0) {
            causes.append(invalid(storagePath, quoted(requests.value(QStringLiteral("storage")).toVariant().toString()),
                QStringLiteral("must be greater than zero")));
        }
    }
    const QString storageClass = spec.value(QStringLiteral("storageClassName")).toString();
    if (!storageClass.isEmpty()) {
        for (const QString &error : dns1123Subdomain(storageClass))
            causes.append(invalid(QStringLiteral("spec.storageClassName"), quoted(storageClass), error));
    }
    if (spec.contains(QStringLiteral("volumeMode"))) {
        const QString mode = spec.value(QStringLiteral("volumeMode")).toString();
        const QStringList modesSupported = {QStringLiteral("Block"), QStringLiteral("Filesystem")};
        if (!modesSupported.contains(mode))
            causes.append(notSupported(QStringLiteral("spec.volumeMode"), mode, modesSupported));
    }
    for (const char *reference : {"dataSource", "dataSourceRef"}) {
        const QString key = QLatin1String(reference);
        if (!spec.value(key).isObject())
            continue;
        // dataSourceRef mirrored from dataSource is reported once, as the apiserver does.
        if (key == QLatin1String("dataSourceRef") && spec.value(key) == spec.value(QStringLiteral("dataSource")))
            continue;
        const QJsonObject source = spec.value(key).toObject();
        const QString path = QStringLiteral("spec.") + key;
        if (source.value(QStringLiteral("name")).toString().isEmpty())
            causes.append(required(path + QStringLiteral(".name")));
        const QString kind = source.value(QStringLiteral("kind")).toString();
        if (kind.isEmpty())
            causes.append(required(path + QStringLiteral(".kind")));
        const QString group = source.value(QStringLiteral("apiGroup")).toString();
        if (group.isEmpty() && kind != QLatin1String("PersistentVolumeClaim")) {
            causes.append(invalid(path, quoted(kind),
                QStringLiteral("must be 'PersistentVolumeClaim' when referencing the default apiGroup")));
        }
        if (!group.isEmpty()) {
            for (const QString &error : dns1123Subdomain(group))
                causes.append(invalid(path + QStringLiteral(".apiGroup"), quoted(group), error));
        }
    }
    if (current) {
        // Only resources.requests may change (expansion), and volumeName once (binding).
        QJsonObject oldSpec = current->value(QStringLiteral("spec")).toObject();
        QJsonObject newSpec = spec;
        for (QJsonObject *s : {&oldSpec, &newSpec}) {
            QJsonObject resources = s->value(QStringLiteral("resources")).toObject();
            resources.remove(QStringLiteral("requests"));
            s->insert(QStringLiteral("resources"), resources);
            s->remove(QStringLiteral("volumeAttributesClassName"));
        }
        if (oldSpec.value(QStringLiteral("volumeName")).toString().isEmpty()) {
            newSpec.remove(QStringLiteral("volumeName"));
            oldSpec.remove(QStringLiteral("volumeName"));
        }
        if (oldSpec != newSpec) {
            causes.append(forbidden(QStringLiteral("spec"),
                QStringLiteral("spec is immutable after creation except resources.requests and "
                               "volumeAttributesClassName for bound claims")));
        }
    }
}

bool isPortNumber(const QJsonValue &value)
{
    return value.isDouble() && value.toDouble() == double(value.toInteger()) && value.toInteger() >= 1
        && value.toInteger() <= 65535;
}

void validateService(const QJsonObject &object, QJsonArray &causes)
{
    const QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
    const QString type = spec.value(QStringLiteral("type")).toString();
    const bool headless = spec.value(QStringLiteral("clusterIP")).toString() == QLatin1String("None");
    const QJsonArray ports = spec.value(QStringLiteral("ports")).toArray();
    if (ports.isEmpty() && !headless && type != QLatin1String("ExternalName"))
        causes.append(required(QStringLiteral("spec.ports")));
    QSet<QString> names;
    for (qsizetype i = 0; i < ports.size(); ++i) {
        const QJsonObject port = ports.at(i).toObject();
        const QString path = QStringLiteral("spec.ports[%1]").arg(i);
        const QString name = port.value(QStringLiteral("name")).toString();
        if (ports.size() > 1 && name.isEmpty()) {
            causes.append(required(path + QStringLiteral(".name")));
        } else if (!name.isEmpty()) {
            for (const QString &error : dns1123Label(name))
                causes.append(invalid(path + QStringLiteral(".name"), quoted(name), error));
            if (names.contains(name))
                causes.append(cause(QStringLiteral("FieldValueDuplicate"),
                    QStringLiteral("Duplicate value: %1").arg(quoted(name)), path + QStringLiteral(".name")));
            names.insert(name);
        }
        const QJsonValue number = port.value(QStringLiteral("port"));
        if (!isPortNumber(number)) {
            causes.append(invalid(path + QStringLiteral(".port"), QString::number(number.toInteger()),
                QStringLiteral("must be between 1 and 65535, inclusive")));
        }
        const QString protocol = port.value(QStringLiteral("protocol")).toString();
        const QStringList protocols = {QStringLiteral("SCTP"), QStringLiteral("TCP"), QStringLiteral("UDP")};
        if (protocol.isEmpty())
            causes.append(required(path + QStringLiteral(".protocol")));
        else if (!protocols.contains(protocol))
            causes.append(notSupported(path + QStringLiteral(".protocol"), protocol, protocols));
        const QJsonValue target = port.value(QStringLiteral("targetPort"));
        if (target.isDouble() && !isPortNumber(target)) {
            causes.append(invalid(path + QStringLiteral(".targetPort"), QString::number(target.toInteger()),
                QStringLiteral("must be between 1 and 65535, inclusive")));
        }
    }
    const QStringList types = {QStringLiteral("ClusterIP"), QStringLiteral("ExternalName"),
        QStringLiteral("LoadBalancer"), QStringLiteral("NodePort")};
    if (!types.contains(type))
        causes.append(notSupported(QStringLiteral("spec.type"), type, types));
}

} // namespace

QStringList SimCoreValidator::nameErrors(const SimResourceInfo &info, const QString &name)
{
    if (info.group.isEmpty() && info.kind == QLatin1String("Namespace"))
        return dns1123Label(name);
    if (info.group.isEmpty() && info.kind == QLatin1String("Service"))
        return dns1035Label(name);
    if (info.group.isEmpty() && info.kind == QLatin1String("Event"))
        return SimEventRules::pathSegmentNameErrors(name);
    return dns1123Subdomain(name);
}

QJsonArray SimCoreValidator::validate(
    const SimResourceInfo &info, const QJsonObject &object, const QJsonObject *current)
{
    QJsonArray causes;
    validateMeta(info, object, causes);
    if (info.group == QLatin1String("batch") && info.kind == QLatin1String("Job")) {
        for (const QJsonValue &jobCause : SimJobRules::validate(object, current))
            causes.append(jobCause);
        return causes;
    }
    if (!info.group.isEmpty())
        return causes;
    if (info.kind == QLatin1String("Secret"))
        validateSecret(object, current, causes);
    else if (info.kind == QLatin1String("PersistentVolumeClaim"))
        validatePvc(object, current, causes);
    else if (info.kind == QLatin1String("Service"))
        validateService(object, causes);
    QJsonArray kindCauses;
    if (info.kind == QLatin1String("Pod"))
        kindCauses = SimPodRules::validate(object, current);
    else if (info.kind == QLatin1String("Event"))
        kindCauses = SimEventRules::validate(
            object, object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("namespace")).toString());
    for (const QJsonValue &kindCause : std::as_const(kindCauses))
        causes.append(kindCause);
    return causes;
}
