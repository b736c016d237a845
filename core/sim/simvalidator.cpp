// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simvalidator.h"

#include "sim/simbuiltinfields.h"
#include "sim/simcorevalidator.h"
#include "sim/simresourceinfo.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QRegularExpression>

#include <algorithm>
#include <memory>

namespace {

// Our rules, written from the VolSync CRD facts (../shared/reference/crds): the same fields, types, enums,
// patterns, bounds and required lists, without the descriptions. Pod-level types the CRDs copy from Kubernetes
// (moverAffinity, moverSecurityContext, moverVolumes) are accepted as any object/array here.
enum class Type { Object, String, Integer, Boolean, Array, Quantity, Any };

struct Rule {
    Type type = Type::Object;
    QHash<QString, std::shared_ptr<Rule>> properties;
    std::shared_ptr<Rule> items; ///< arrays
    std::shared_ptr<Rule> mapValues; ///< objects with additionalProperties
    QStringList enumValues;
    QString pattern;
    QStringList required;
    bool dateTime = false;
    std::optional<qint64> minimum;
    std::optional<qint64> maximum;
    std::optional<qint64> minLength;
    std::optional<qint64> maxLength;
    /// CEL rules of the snapshot CRDs (current Kubernetes; v1.20 ignores them): exactly one of these properties,
    /// and a string that must not be empty when set. The message is the rule's.
    QStringList exactlyOne;
    QString ruleMessage;
    bool nonEmpty = false;
};
using RulePtr = std::shared_ptr<Rule>;

const QString kSchedulePattern = QStringLiteral(
    "^(@(annually|yearly|monthly|weekly|daily|hourly))|((((\\d+,)*\\d+|(\\d+(\\/|-)\\d+)|\\*(\\/\\d+)?)\\s?){5})$");
const QString kQuantityPattern = QStringLiteral(
    "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|"
    "(\\.[0-9]+))))?$");

RulePtr make(Type type)
{
    auto rule = std::make_shared<Rule>();
    rule->type = type;
    return rule;
}

RulePtr str()
{
    return make(Type::String);
}

RulePtr integer(std::optional<qint64> minimum = std::nullopt, std::optional<qint64> maximum = std::nullopt)
{
    RulePtr rule = make(Type::Integer);
    rule->minimum = minimum;
    rule->maximum = maximum;
    return rule;
}

RulePtr boolean()
{
    return make(Type::Boolean);
}

RulePtr dateTime()
{
    RulePtr rule = str();
    rule->dateTime = true;
    return rule;
}

RulePtr arrayOf(RulePtr items)
{
    RulePtr rule = make(Type::Array);
    rule->items = std::move(items);
    return rule;
}

RulePtr mapOf(RulePtr values)
{
    RulePtr rule = make(Type::Object);
    rule->mapValues = std::move(values);
    return rule;
}

RulePtr object(std::initializer_list<std::pair<const char *, RulePtr>> properties, QStringList required = {})
{
    RulePtr rule = make(Type::Object);
    for (const auto &[name, property] : properties)
        rule->properties.insert(QLatin1String(name), property);
    rule->required = std::move(required);
    return rule;
}

RulePtr enumOf(QStringList values)
{
    RulePtr rule = str();
    rule->enumValues = std::move(values);
    return rule;
}

RulePtr quantity()
{
    RulePtr rule = make(Type::Quantity);
    rule->pattern = kQuantityPattern;
    return rule;
}

RulePtr copyMethod()
{
    return enumOf(
        {QStringLiteral("Direct"), QStringLiteral("None"), QStringLiteral("Clone"), QStringLiteral("Snapshot")});
}

RulePtr moverResources()
{
    return object({{"claims", arrayOf(object({{"name", str()}, {"request", str()}}, {QStringLiteral("name")}))},
        {"limits", mapOf(quantity())}, {"requests", mapOf(quantity())}});
}

// The fields every mover volume options block has (ReplicationSourceVolumeOptions and the destination's).
void addVolumeOptions(const RulePtr &mover, bool destination)
{
    mover->properties.insert(QStringLiteral("accessModes"), arrayOf(str()));
    mover->properties.insert(QStringLiteral("capacity"), quantity());
    mover->properties.insert(QStringLiteral("copyMethod"), copyMethod());
    mover->properties.insert(QStringLiteral("storageClassName"), str());
    mover->properties.insert(QStringLiteral("volumeSnapshotClassName"), str());
    if (destination) {
        mover->properties.insert(QStringLiteral("destinationPVC"), str());
        mover->properties.insert(QStringLiteral("cleanupTempPVC"), boolean());
    }
}

void addMoverConfig(const RulePtr &mover, bool podFields)
{
    mover->properties.insert(QStringLiteral("moverServiceAccount"), str());
    mover->properties.insert(QStringLiteral("moverPodLabels"), mapOf(str()));
    mover->properties.insert(QStringLiteral("moverResources"), moverResources());
    if (podFields) {
        mover->properties.insert(QStringLiteral("moverAffinity"), make(Type::Any));
        mover->properties.insert(QStringLiteral("moverSecurityContext"), make(Type::Any));
        mover->properties.insert(QStringLiteral("moverVolumes"), arrayOf(make(Type::Any)));
    }
}

RulePtr customCA()
{
    return object({{"configMapName", str()}, {"key", str()}, {"secretName", str()}});
}

RulePtr conditions()
{
    RulePtr reason = str();
    reason->pattern = QStringLiteral("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
    reason->minLength = 1;
    reason->maxLength = 1024;
    RulePtr type = str();
    type->pattern = QStringLiteral("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                                   "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$");
    type->maxLength = 316;
    RulePtr message = str();
    message->maxLength = 32768;
    return arrayOf(
        object({{"lastTransitionTime", dateTime()}, {"message", message}, {"observedGeneration", integer(0)},
                   {"reason", reason},
                   {"status", enumOf({QStringLiteral("True"), QStringLiteral("False"), QStringLiteral("Unknown")})},
                   {"type", type}},
            {QStringLiteral("lastTransitionTime"), QStringLiteral("message"), QStringLiteral("reason"),
                QStringLiteral("status"), QStringLiteral("type")}));
}

RulePtr buildRules(bool destination)
{
    RulePtr trigger = object({{"manual", str()}, {"schedule", str()}});
    trigger->properties.value(QStringLiteral("schedule"))->pattern = kSchedulePattern;

    RulePtr rsync = object({{"address", str()}, {"path", str()}, {"port", integer(0, 65535)}, {"serviceType", str()},
        {"sshKeys", str()}, {"sshUser", str()}});
    addVolumeOptions(rsync, destination);
    addMoverConfig(rsync, false);
    if (destination) {
        rsync->properties.insert(QStringLiteral("serviceAnnotations"), mapOf(str()));
        rsync->properties.insert(QStringLiteral("volumeMode"), str());
    }

    RulePtr rsyncTLS = object({{"keySecret", str()}});
    addVolumeOptions(rsyncTLS, destination);
    addMoverConfig(rsyncTLS, true);
    if (destination) {
        rsyncTLS->properties.insert(QStringLiteral("serviceAnnotations"), mapOf(str()));
        rsyncTLS->properties.insert(QStringLiteral("serviceType"), str());
        rsyncTLS->properties.insert(QStringLiteral("volumeMode"), str());
    } else {
        rsyncTLS->properties.insert(QStringLiteral("address"), str());
        rsyncTLS->properties.insert(QStringLiteral("port"), integer(0, 65535));
    }

    RulePtr restic = object({{"cacheAccessModes", arrayOf(str())}, {"cacheCapacity", quantity()},
        {"cacheStorageClassName", str()}, {"customCA", customCA()}, {"repository", str()}});
    addVolumeOptions(restic, destination);
    addMoverConfig(restic, true);
    if (destination) {
        restic->properties.insert(QStringLiteral("cleanupCachePVC"), boolean());
        restic->properties.insert(QStringLiteral("enableFileDeletion"), boolean());
        restic->properties.insert(QStringLiteral("previous"), integer());
        restic->properties.insert(QStringLiteral("restoreAsOf"), dateTime());
    } else {
        restic->properties.insert(QStringLiteral("pruneIntervalDays"), integer());
        restic->properties.insert(QStringLiteral("unlock"), str());
        restic->properties.insert(QStringLiteral("retain"),
            object({{"daily", integer()}, {"hourly", integer()}, {"last", str()}, {"monthly", integer()},
                {"weekly", integer()}, {"within", str()}, {"yearly", integer()}}));
    }

    RulePtr rclone = object(
        {{"customCA", customCA()}, {"rcloneConfig", str()}, {"rcloneConfigSection", str()}, {"rcloneDestPath", str()}});
    addVolumeOptions(rclone, destination);
    addMoverConfig(rclone, true);

    RulePtr spec
        = object({{"external", object({{"parameters", mapOf(str())}, {"provider", str()}})}, {"paused", boolean()},
            {"rclone", rclone}, {"restic", restic}, {"rsync", rsync}, {"rsyncTLS", rsyncTLS}, {"trigger", trigger}});
    if (!destination) {
        spec->properties.insert(QStringLiteral("sourcePVC"), str());
        RulePtr syncthing = object(
            {{"configAccessModes", arrayOf(str())}, {"configCapacity", quantity()}, {"configStorageClassName", str()},
                {"peers",
                    arrayOf(object({{"ID", str()}, {"address", str()}, {"introducer", boolean()}},
                        {QStringLiteral("ID"), QStringLiteral("address"), QStringLiteral("introducer")}))},
                {"serviceType", str()}});
        addMoverConfig(syncthing, true);
        spec->properties.insert(QStringLiteral("syncthing"), syncthing);
    }

    RulePtr status = object({{"conditions", conditions()}, {"external", make(Type::Any)}, {"lastManualSync", str()},
        {"lastSyncDuration", str()}, {"lastSyncStartTime", dateTime()}, {"lastSyncTime", dateTime()},
        {"latestMoverStatus", object({{"logs", str()}, {"result", str()}})}, {"nextSyncTime", dateTime()},
        {"rsync", object({{"address", str()}, {"port", integer()}, {"sshKeys", str()}})},
        {"rsyncTLS", object({{"address", str()}, {"keySecret", str()}, {"port", integer()}})}});
    if (destination) {
        status->properties.insert(QStringLiteral("latestImage"),
            object({{"apiGroup", str()}, {"kind", str()}, {"name", str()}},
                {QStringLiteral("kind"), QStringLiteral("name")}));
    } else {
        status->properties.insert(QStringLiteral("restic"), make(Type::Any));
        status->properties.insert(QStringLiteral("syncthing"), make(Type::Any));
    }
    return object(
        {{"apiVersion", str()}, {"kind", str()}, {"metadata", make(Type::Any)}, {"spec", spec}, {"status", status}});
}

// The VolumeSnapshot and VolumeSnapshotClass CRDs (external-snapshotter, snapshot.storage.k8s.io/v1).
RulePtr buildSnapshotRules()
{
    RulePtr source = object({{"persistentVolumeClaimName", str()}, {"volumeSnapshotContentName", str()}});
    source->exactlyOne = {QStringLiteral("volumeSnapshotContentName"), QStringLiteral("persistentVolumeClaimName")};
    source->ruleMessage
        = QStringLiteral("exactly one of volumeSnapshotContentName and persistentVolumeClaimName must be set");
    RulePtr className = str();
    className->nonEmpty = true;
    className->ruleMessage = QStringLiteral("volumeSnapshotClassName must not be the empty string when set");
    RulePtr spec = object({{"source", source}, {"volumeSnapshotClassName", className}}, {QStringLiteral("source")});
    RulePtr status = object({{"boundVolumeSnapshotContentName", str()}, {"creationTime", dateTime()},
        {"error", object({{"message", str()}, {"time", dateTime()}})}, {"readyToUse", boolean()},
        {"restoreSize", quantity()}, {"volumeGroupSnapshotName", str()}});
    return object(
        {{"apiVersion", str()}, {"kind", str()}, {"metadata", make(Type::Any)}, {"spec", spec}, {"status", status}},
        {QStringLiteral("spec")});
}

RulePtr buildSnapshotClassRules()
{
    return object({{"apiVersion", str()}, {"kind", str()}, {"metadata", make(Type::Any)}, {"driver", str()},
                      {"deletionPolicy", enumOf({QStringLiteral("Delete"), QStringLiteral("Retain")})},
                      {"parameters", mapOf(str())}},
        {QStringLiteral("deletionPolicy"), QStringLiteral("driver")});
}

const Rule *rulesFor(const SimResourceInfo &info)
{
    static const RulePtr source = buildRules(false);
    static const RulePtr destination = buildRules(true);
    static const RulePtr snapshot = buildSnapshotRules();
    static const RulePtr snapshotClass = buildSnapshotClassRules();
    if (info.group == QLatin1String("snapshot.storage.k8s.io")) {
        if (info.kind == QLatin1String("VolumeSnapshot"))
            return snapshot.get();
        if (info.kind == QLatin1String("VolumeSnapshotClass"))
            return snapshotClass.get();
        return nullptr;
    }
    if (info.group != QLatin1String("volsync.backube"))
        return nullptr;
    return info.kind == QLatin1String("ReplicationSource") ? source.get() : destination.get();
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return value.toDouble() == double(value.toInteger()) ? QStringLiteral("integer") : QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    default:
        return QStringLiteral("null");
    }
}

QString goQuote(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('"') + value.toString() + QLatin1Char('"');
    if (value.isDouble())
        return value.toDouble() == double(value.toInteger()) ? QString::number(value.toInteger())
                                                             : QString::number(value.toDouble());
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QLatin1Char('"') + jsonTypeName(value) + QLatin1Char('"');
}

QJsonObject cause(const QString &reason, const QString &message, const QString &field)
{
    QJsonObject c;
    c.insert(QStringLiteral("reason"), reason);
    c.insert(QStringLiteral("message"), message);
    c.insert(QStringLiteral("field"), field);
    return c;
}

QString join(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

bool matchesPattern(const QString &pattern, const QString &text)
{
    static QHash<QString, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end())
        it = cache.insert(pattern, QRegularExpression(pattern));
    return it->match(text).hasMatch();
}

void validateValue(const Rule &rule, const QJsonValue &value, const QString &path, QJsonArray &causes)
{
    if (value.isNull() || value.isUndefined() || rule.type == Type::Any)
        return;
    const QString typeName = jsonTypeName(value);
    auto typeError = [&](const QString &expected) {
        causes.append(cause(QStringLiteral("FieldValueTypeInvalid"),
            QStringLiteral("Invalid value: \"%1\": %2 in body must be of type %3: \"%1\"")
                .arg(typeName, path, expected),
            path));
    };
    switch (rule.type) {
    case Type::Any:
        return;
    case Type::Object: {
        if (!value.isObject()) {
            typeError(QStringLiteral("object"));
            return;
        }
        const QJsonObject object = value.toObject();
        for (const QString &name : rule.required) {
            if (!object.contains(name) || object.value(name).isNull())
                causes.append(
                    cause(QStringLiteral("FieldValueRequired"), QStringLiteral("Required value"), join(path, name)));
        }
        if (!rule.exactlyOne.isEmpty()) {
            const auto set = std::count_if(rule.exactlyOne.cbegin(), rule.exactlyOne.cend(),
                [&object](const QString &name) { return object.contains(name); });
            if (set != 1) {
                causes.append(cause(QStringLiteral("FieldValueInvalid"),
                    QStringLiteral("Invalid value: \"object\": %1").arg(rule.ruleMessage), path));
            }
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString childPath = join(path, it.key());
            if (rule.mapValues) {
                validateValue(*rule.mapValues, it.value(), childPath, causes);
            } else if (const auto property = rule.properties.constFind(it.key()); property != rule.properties.cend()) {
                validateValue(**property, it.value(), childPath, causes);
            }
        }
        return;
    }
    case Type::Array: {
        if (!value.isArray()) {
            typeError(QStringLiteral("array"));
            return;
        }
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            validateValue(*rule.items, array.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), causes);
        return;
    }
    case Type::Boolean:
        if (!value.isBool())
            typeError(QStringLiteral("boolean"));
        return;
    case Type::Integer:
        if (typeName != QLatin1String("integer")) {
            typeError(QStringLiteral("integer"));
            return;
        }
        if (rule.minimum && value.toInteger() < *rule.minimum) {
            causes.append(cause(QStringLiteral("FieldValueInvalid"),
                QStringLiteral("Invalid value: %1: %2 in body should be greater than or equal to %3")
                    .arg(value.toInteger())
                    .arg(path)
                    .arg(*rule.minimum),
                path));
        }
        if (rule.maximum && value.toInteger() > *rule.maximum) {
            causes.append(cause(QStringLiteral("FieldValueInvalid"),
                QStringLiteral("Invalid value: %1: %2 in body should be less than or equal to %3")
                    .arg(value.toInteger())
                    .arg(path)
                    .arg(*rule.maximum),
                path));
        }
        return;
    case Type::Quantity:
        if (typeName == QLatin1String("integer"))
            return;
        if (!value.isString()) {
            typeError(QStringLiteral("integer,string"));
            return;
        }
        [[fallthrough]];
    case Type::String: {
        if (!value.isString()) {
            typeError(QStringLiteral("string"));
            return;
        }
        const QString text = value.toString();
        if (rule.nonEmpty && text.isEmpty()) {
            causes.append(cause(QStringLiteral("FieldValueInvalid"),
                QStringLiteral("Invalid value: \"string\": %1").arg(rule.ruleMessage), path));
        }
        if (!rule.enumValues.isEmpty() && !rule.enumValues.contains(text)) {
            QStringList quoted;
            for (const QString &allowed : rule.enumValues)
                quoted.append(QLatin1Char('"') + allowed + QLatin1Char('"'));
            causes.append(cause(QStringLiteral("FieldValueNotSupported"),
                QStringLiteral("Unsupported value: %1: supported values: %2")
                    .arg(goQuote(value), quoted.join(QStringLiteral(", "))),
                path));
            return;
        }
        if (rule.minLength && text.size() < *rule.minLength) {
            causes.append(cause(QStringLiteral("FieldValueInvalid"),
                QStringLiteral("Invalid value: %1: %2 in body should be at least %3 chars long")
                    .arg(goQuote(value), path)
                    .arg(*rule.minLength),
                path));
        }
        if (rule.maxLength && text.size() > *rule.maxLength) {
            causes.append(cause(QStringLiteral("FieldValueTooLong"),
                QStringLiteral("Too long: may not be longer than %1").arg(*rule.maxLength), path));
        }
        if (!rule.pattern.isEmpty() && !matchesPattern(rule.pattern, text)) {
            causes.append(cause(QStringLiteral("FieldValueInvalid"),
                QStringLiteral("Invalid value: %1: %2 in body should match '%3'")
                    .arg(goQuote(value), path, rule.pattern),
                path));
        }
        if (rule.dateTime && !QDateTime::fromString(text, Qt::ISODateWithMs).isValid()) {
            causes.append(cause(QStringLiteral("FieldValueInvalid"),
                QStringLiteral("Invalid value: %1: %2 in body must be of type date-time: %1").arg(goQuote(value), path),
                path));
        }
        return;
    }
    }
}

// Collects unknown fields (paths) and, when prune is set, removes them.
QJsonValue walkUnknown(const Rule &rule, const QJsonValue &value, const QString &path, QStringList *unknown)
{
    if (rule.type == Type::Object && value.isObject()) {
        QJsonObject object = value.toObject();
        const QStringList keys = object.keys();
        for (const QString &key : keys) {
            const QString childPath = join(path, key);
            const Rule *child = nullptr;
            if (rule.mapValues)
                child = rule.mapValues.get();
            else if (const auto property = rule.properties.constFind(key); property != rule.properties.cend())
                child = property->get();
            if (!child) {
                unknown->append(childPath);
                object.remove(key);
                continue;
            }
            object.insert(key, walkUnknown(*child, object.value(key), childPath, unknown));
        }
        return object;
    }
    if (rule.type == Type::Array && value.isArray() && rule.items) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array.replace(i, walkUnknown(*rule.items, array.at(i), QStringLiteral("%1[%2]").arg(path).arg(i), unknown));
        return array;
    }
    return value;
}

// The apiserver reports type errors first, then required fields, invalid values, and unsupported enum values
// last (see the 422 sample: the schedule pattern error comes before the copyMethod enum error).
QJsonArray ordered(const QJsonArray &causes)
{
    static const QStringList order = {QStringLiteral("FieldValueTypeInvalid"), QStringLiteral("FieldValueRequired"),
        QStringLiteral("FieldValueInvalid"), QStringLiteral("FieldValueTooLong"),
        QStringLiteral("FieldValueNotSupported")};
    QList<QJsonObject> list;
    for (const QJsonValue &value : causes)
        list.append(value.toObject());
    std::stable_sort(list.begin(), list.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return order.indexOf(a.value(QStringLiteral("reason")).toString())
            < order.indexOf(b.value(QStringLiteral("reason")).toString());
    });
    QJsonArray result;
    for (const QJsonObject &object : std::as_const(list))
        result.append(object);
    return result;
}

} // namespace

QJsonArray SimValidator::validate(const SimResourceInfo &info, const QJsonObject &object, const QJsonObject *current)
{
    const Rule *rules = rulesFor(info);
    // Object meta (name format per kind, labels) and the built-in kinds' rules come first, as in the apiserver.
    QJsonArray causes = SimCoreValidator::validate(info, object, current);
    if (!rules)
        return causes;
    // Status is validated only on writes to the status subresource (validateStatus); main writes ignore it.
    QJsonObject withoutStatus = object;
    withoutStatus.remove(QStringLiteral("status"));
    QJsonArray schemaCauses;
    validateValue(*rules, withoutStatus, QString(), schemaCauses);
    for (const QJsonValue &schemaCause : ordered(schemaCauses))
        causes.append(schemaCause);
    return causes;
}

QJsonArray SimValidator::validateStatus(const SimResourceInfo &info, const QJsonObject &object)
{
    const Rule *rules = rulesFor(info);
    QJsonArray causes;
    if (!rules || !object.contains(QStringLiteral("status")))
        return causes;
    validateValue(*rules->properties.value(QStringLiteral("status")), object.value(QStringLiteral("status")),
        QStringLiteral("status"), causes);
    return ordered(causes);
}

QStringList SimValidator::unknownFields(const SimResourceInfo &info, const QJsonObject &object)
{
    const Rule *rules = rulesFor(info);
    if (!rules)
        return SimBuiltinFields::unknownFields(info, object);
    QStringList unknown;
    walkUnknown(*rules, object, QString(), &unknown);
    return unknown;
}

QJsonObject SimValidator::prune(const SimResourceInfo &info, const QJsonObject &object)
{
    const Rule *rules = rulesFor(info);
    if (!rules)
        return SimBuiltinFields::prune(info, object);
    QStringList unknown;
    return walkUnknown(*rules, object, QString(), &unknown).toObject();
}
