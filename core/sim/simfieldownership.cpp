// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simfieldownership.h"

#include "sim/simstatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

#include <algorithm>
#include <optional>

// A field path is its fieldsV1 tokens joined by '\n': "f:NAME" a field, "k:{...}" an item of an associative list
// (its key fields as compact JSON), "." the node itself (a map or list an update made, a list item).

namespace {

const QString kMetadata = QStringLiteral("metadata");
const QChar kSeparator = QLatin1Char('\n');

/// The key fields of an associative list at `path` (field names joined by '.'), or none for an atomic list. CRDs'
/// lists without x-kubernetes-list-type are atomic (VolSync's and the snapshot CRDs have none); ObjectMeta is the
/// same for every kind.
QStringList listKeys(const SimResourceInfo &info, const QString &path)
{
    if (path == QLatin1String("metadata.ownerReferences"))
        return {QStringLiteral("uid")};
    if (info.isCustom())
        return {};
    if (info.kind == QLatin1String("Service") && path == QLatin1String("spec.ports"))
        return {QStringLiteral("port"), QStringLiteral("protocol")};
    QString podPath = path;
    if (info.kind == QLatin1String("Job") && podPath.startsWith(QLatin1String("spec.template.")))
        podPath = podPath.mid(int(qstrlen("spec.template.")));
    else if (info.kind != QLatin1String("Pod"))
        return {};
    static const QHash<QString, QStringList> podLists {
        {QStringLiteral("spec.containers"), {QStringLiteral("name")}},
        {QStringLiteral("spec.initContainers"), {QStringLiteral("name")}},
        {QStringLiteral("spec.volumes"), {QStringLiteral("name")}},
        {QStringLiteral("spec.containers.ports"), {QStringLiteral("containerPort"), QStringLiteral("protocol")}},
        {QStringLiteral("spec.initContainers.ports"), {QStringLiteral("containerPort"), QStringLiteral("protocol")}},
        {QStringLiteral("spec.containers.env"), {QStringLiteral("name")}},
        {QStringLiteral("spec.initContainers.env"), {QStringLiteral("name")}},
        {QStringLiteral("spec.containers.volumeMounts"), {QStringLiteral("mountPath")}},
        {QStringLiteral("spec.initContainers.volumeMounts"), {QStringLiteral("mountPath")}},
    };
    return podLists.value(podPath);
}

/// A key field's value, with the default the schema gives it (a port's protocol is TCP).
QJsonValue keyValue(const QJsonObject &item, const QString &key)
{
    if (!item.contains(key) && key == QLatin1String("protocol"))
        return QStringLiteral("TCP");
    return item.value(key);
}

QString keyToken(const QJsonObject &item, const QStringList &keys)
{
    QJsonObject key;
    for (const QString &name : keys)
        key.insert(name, keyValue(item, name));
    return QStringLiteral("k:") + QString::fromUtf8(QJsonDocument(key).toJson(QJsonDocument::Compact));
}

bool itemMatches(const QJsonValue &item, const QString &token)
{
    const QJsonObject key = QJsonDocument::fromJson(token.mid(2).toUtf8()).object();
    const QJsonObject object = item.toObject();
    for (auto it = key.begin(); it != key.end(); ++it) {
        if (keyValue(object, it.key()) != it.value())
            return false;
    }
    return true;
}

QString join(const QString &prefix, const QString &token)
{
    return prefix.isEmpty() ? token : prefix + kSeparator + token;
}

QString dotted(const QString &schemaPath, const QString &field)
{
    return schemaPath.isEmpty() ? field : schemaPath + QLatin1Char('.') + field;
}

void collect(const SimResourceInfo &info, const QJsonValue &value, const QString &prefix, const QString &schemaPath,
    bool forUpdate, QSet<QString> &out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out.insert(prefix);
            return;
        }
        if (forUpdate)
            out.insert(join(prefix, QStringLiteral(".")));
        for (auto it = object.begin(); it != object.end(); ++it)
            collect(info, it.value(), join(prefix, QStringLiteral("f:") + it.key()), dotted(schemaPath, it.key()),
                forUpdate, out);
        return;
    }
    const QStringList keys = value.isArray() ? listKeys(info, schemaPath) : QStringList();
    if (keys.isEmpty()) {
        out.insert(prefix);
        return;
    }
    if (forUpdate)
        out.insert(join(prefix, QStringLiteral(".")));
    for (const QJsonValue &item : value.toArray()) {
        const QString itemPath = join(prefix, keyToken(item.toObject(), keys));
        out.insert(join(itemPath, QStringLiteral(".")));
        const QJsonObject fields = item.toObject();
        for (auto it = fields.begin(); it != fields.end(); ++it)
            collect(info, it.value(), join(itemPath, QStringLiteral("f:") + it.key()), dotted(schemaPath, it.key()),
                forUpdate, out);
    }
}

QJsonObject toFieldsV1(const QList<QStringList> &paths)
{
    QMap<QString, QList<QStringList>> children;
    for (const QStringList &path : paths) {
        if (!path.isEmpty())
            children[path.first()].append(path.mid(1));
    }
    QJsonObject trie;
    for (auto it = children.cbegin(); it != children.cend(); ++it)
        trie.insert(it.key(), toFieldsV1(it.value()));
    return trie;
}

QJsonObject toFieldsV1(const QSet<QString> &set)
{
    QList<QStringList> paths;
    for (const QString &path : set)
        paths.append(path.split(kSeparator));
    return toFieldsV1(paths);
}

void fromFieldsV1(const QJsonObject &trie, const QString &prefix, QSet<QString> &out)
{
    for (auto it = trie.begin(); it != trie.end(); ++it) {
        const QString path = join(prefix, it.key());
        if (it.value().toObject().isEmpty())
            out.insert(path);
        else
            fromFieldsV1(it.value().toObject(), path, out);
    }
}

/// The value at a path; "." names the node itself.
std::optional<QJsonValue> valueAt(const QJsonObject &object, const QString &path)
{
    QJsonValue value = object;
    for (const QString &token : path.split(kSeparator)) {
        if (token == QLatin1String("."))
            return value;
        if (token.startsWith(QLatin1String("f:"))) {
            const QJsonObject map = value.toObject();
            const QString field = token.mid(2);
            if (!value.isObject() || !map.contains(field))
                return std::nullopt;
            value = map.value(field);
        } else {
            const QJsonArray list = value.toArray();
            const auto found = std::find_if(
                list.begin(), list.end(), [&token](const QJsonValue &item) { return itemMatches(item, token); });
            if (!value.isArray() || found == list.end())
                return std::nullopt;
            value = *found;
        }
    }
    return value;
}

/// `value` without the node at tokens[index...]; maps this leaves empty go too (as kube-apiserver drops them).
QJsonValue removedAt(const QJsonValue &value, const QStringList &tokens, qsizetype index)
{
    const QString &token = tokens.at(index);
    const bool last = index + 1 == tokens.size() || tokens.at(index + 1) == QLatin1String(".");
    if (token.startsWith(QLatin1String("f:"))) {
        if (!value.isObject())
            return value;
        QJsonObject map = value.toObject();
        const QString field = token.mid(2);
        if (!map.contains(field))
            return value;
        if (last) {
            map.remove(field);
            return map;
        }
        const QJsonValue child = removedAt(map.value(field), tokens, index + 1);
        if (child.isObject() && child.toObject().isEmpty() && !map.value(field).toObject().isEmpty())
            map.remove(field);
        else
            map.insert(field, child);
        return map;
    }
    if (!value.isArray())
        return value;
    QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!itemMatches(list.at(i), token))
            continue;
        if (last)
            list.removeAt(i);
        else
            list.replace(i, removedAt(list.at(i), tokens, index + 1));
        break;
    }
    return list;
}

QJsonValue merged(const SimResourceInfo &info, const QJsonValue &live, const QJsonValue &config, const QString &path)
{
    if (config.isObject() && live.isObject()) {
        QJsonObject result = live.toObject();
        const QJsonObject applied = config.toObject();
        for (auto it = applied.begin(); it != applied.end(); ++it)
            result.insert(it.key(), merged(info, result.value(it.key()), it.value(), dotted(path, it.key())));
        return result;
    }
    const QStringList keys = listKeys(info, path);
    if (config.isArray() && live.isArray() && !keys.isEmpty()) {
        // The live items in their order (an applied one merged into its match), then the new ones.
        QJsonArray result = live.toArray();
        for (const QJsonValue &item : config.toArray()) {
            const QString token = keyToken(item.toObject(), keys);
            const auto found = std::find_if(
                result.begin(), result.end(), [&token](const QJsonValue &other) { return itemMatches(other, token); });
            if (found == result.end())
                result.append(item);
            else
                *found = merged(info, *found, item, path);
        }
        return result;
    }
    return config;
}

struct Manager {
    QJsonObject entry;
    QSet<QString> fields;
};

QList<Manager> managersOf(const QJsonObject &object)
{
    QList<Manager> managers;
    for (const QJsonValue &value :
        object.value(kMetadata).toObject().value(QStringLiteral("managedFields")).toArray()) {
        Manager manager;
        manager.entry = value.toObject();
        fromFieldsV1(manager.entry.value(QStringLiteral("fieldsV1")).toObject(), QString(), manager.fields);
        managers.append(manager);
    }
    return managers;
}

void storeManagers(QJsonObject &object, const QList<Manager> &managers)
{
    QJsonArray entries;
    for (const Manager &manager : managers) {
        if (manager.fields.isEmpty())
            continue;
        QJsonObject entry = manager.entry;
        entry.insert(QStringLiteral("fieldsType"), QStringLiteral("FieldsV1"));
        entry.insert(QStringLiteral("fieldsV1"), toFieldsV1(manager.fields));
        entries.append(entry);
    }
    QJsonObject meta = object.value(kMetadata).toObject();
    if (entries.isEmpty())
        meta.remove(QStringLiteral("managedFields"));
    else
        meta.insert(QStringLiteral("managedFields"), entries);
    object.insert(kMetadata, meta);
}

bool isManager(const QJsonObject &entry, const QString &name, const QString &operation)
{
    return entry.value(QStringLiteral("manager")).toString() == name
        && entry.value(QStringLiteral("operation")).toString() == operation
        && entry.value(QStringLiteral("subresource")).toString().isEmpty();
}

/// How the apiserver names a manager in a conflict: an applier by name, an updater with the version it used.
QString printedManager(const QJsonObject &entry)
{
    const QString name = QLatin1Char('"') + entry.value(QStringLiteral("manager")).toString() + QLatin1Char('"');
    if (entry.value(QStringLiteral("operation")).toString() == QLatin1String("Update"))
        return name + QStringLiteral(" using ") + entry.value(QStringLiteral("apiVersion")).toString();
    return name;
}

/// A path as structured-merge-diff prints it: .metadata.labels.a, .spec.ports[port=22,protocol="TCP"].name
QString printedPath(const QString &path)
{
    QString text;
    for (const QString &token : path.split(kSeparator)) {
        if (token.startsWith(QLatin1String("f:"))) {
            text += QLatin1Char('.') + token.mid(2);
        } else if (token.startsWith(QLatin1String("k:"))) {
            const QJsonObject key = QJsonDocument::fromJson(token.mid(2).toUtf8()).object();
            QStringList parts;
            for (auto it = key.begin(); it != key.end(); ++it) {
                const QByteArray wrapped = QJsonDocument(QJsonArray {it.value()}).toJson(QJsonDocument::Compact);
                parts.append(it.key() + QLatin1Char('=') + QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2)));
            }
            text += QLatin1Char('[') + parts.join(QLatin1Char(',')) + QLatin1Char(']');
        }
    }
    return text;
}

QJsonObject conflictStatus(const QList<QPair<QJsonObject, QString>> &conflicts)
{
    QJsonArray causes;
    for (const auto &[entry, path] : conflicts) {
        causes.append(QJsonObject {{QStringLiteral("reason"), QStringLiteral("FieldManagerConflict")},
            {QStringLiteral("message"), QStringLiteral("conflict with %1").arg(printedManager(entry))},
            {QStringLiteral("field"), printedPath(path)}});
    }
    QString message;
    if (conflicts.size() == 1) {
        message = QStringLiteral("Apply failed with 1 conflict: conflict with %1: %2")
                      .arg(printedManager(conflicts.first().first), printedPath(conflicts.first().second));
    } else {
        // By manager (sorted), each manager's paths in order.
        QMap<QString, QStringList> byManager;
        for (const auto &[entry, path] : conflicts)
            byManager[printedManager(entry)].append(printedPath(path));
        QStringList lines;
        for (auto it = byManager.begin(); it != byManager.end(); ++it) {
            lines.append(QStringLiteral("conflicts with %1:").arg(it.key()));
            QStringList paths = it.value();
            std::sort(paths.begin(), paths.end());
            for (const QString &path : std::as_const(paths))
                lines.append(QStringLiteral("- ") + path);
        }
        message = QStringLiteral("Apply failed with %1 conflicts: %2")
                      .arg(conflicts.size())
                      .arg(lines.join(QLatin1Char('\n')));
    }
    return QJsonObject {{QStringLiteral("kind"), QStringLiteral("Status")},
        {QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("metadata"), QJsonObject()},
        {QStringLiteral("status"), QStringLiteral("Failure")}, {QStringLiteral("message"), message},
        {QStringLiteral("reason"), QStringLiteral("Conflict")},
        {QStringLiteral("details"), QJsonObject {{QStringLiteral("causes"), causes}}}, {QStringLiteral("code"), 409}};
}

} // namespace

QSet<QString> SimFieldOwnership::fieldSet(const SimResourceInfo &info, const QJsonObject &object, bool forUpdate)
{
    QSet<QString> out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("apiVersion") || key == QLatin1String("kind") || key == QLatin1String("status"))
            continue;
        if (key == kMetadata) {
            // What an object's author writes in metadata; the rest is the server's (name, uid, versions, ...).
            const QJsonObject meta = it.value().toObject();
            for (const char *name : {"labels", "annotations", "ownerReferences", "finalizers"}) {
                const QString field = QLatin1String(name);
                if (meta.contains(field))
                    collect(info, meta.value(field), QStringLiteral("f:metadata\nf:") + field,
                        QStringLiteral("metadata.") + field, forUpdate, out);
            }
            continue;
        }
        collect(info, it.value(), QStringLiteral("f:") + key, key, forUpdate, out);
    }
    return out;
}

SimFieldOwnership::Applied SimFieldOwnership::apply(const SimResourceInfo &info, const QJsonObject &live,
    const QJsonObject &config, const QString &manager, bool force, const QString &time)
{
    const QSet<QString> applied = fieldSet(info, config, false);
    QList<Manager> managers = managersOf(live);
    qsizetype own = -1;
    for (qsizetype i = 0; i < managers.size(); ++i) {
        if (isManager(managers.at(i).entry, manager, QStringLiteral("Apply")))
            own = i;
    }
    // Conflicts: a field applied with another value than the live one, which a different manager owns.
    QList<QPair<QJsonObject, QString>> conflicts;
    QList<QString> sorted(applied.cbegin(), applied.cend());
    std::sort(sorted.begin(), sorted.end());
    for (const QString &path : std::as_const(sorted)) {
        if (path.endsWith(QLatin1Char('.')))
            continue;
        const std::optional<QJsonValue> liveValue = valueAt(live, path);
        if (!liveValue || *liveValue == valueAt(config, path).value_or(QJsonValue()))
            continue;
        for (qsizetype i = 0; i < managers.size(); ++i) {
            if (i != own && managers.at(i).fields.contains(path))
                conflicts.append({managers.at(i).entry, path});
        }
    }
    if (!conflicts.isEmpty() && !force)
        return {QJsonObject(), conflictStatus(conflicts)};
    for (const auto &[entry, path] : conflicts) {
        for (Manager &other : managers) {
            if (other.entry == entry)
                other.fields.remove(path);
        }
    }
    // What this manager applied before and applies no more goes, unless someone else owns it.
    QJsonObject object = live;
    if (own >= 0) {
        QList<QString> dropped;
        for (const QString &path : std::as_const(managers.at(own).fields)) {
            if (applied.contains(path))
                continue;
            const bool shared = std::any_of(managers.cbegin(), managers.cend(),
                [&](const Manager &other) { return &other != &managers.at(own) && other.fields.contains(path); });
            if (!shared)
                dropped.append(path);
        }
        // List items first: an item goes whole (removing its key fields first would leave it unfindable).
        std::stable_sort(dropped.begin(), dropped.end(), [](const QString &a, const QString &b) {
            return a.endsWith(QLatin1Char('.')) && !b.endsWith(QLatin1Char('.'));
        });
        for (const QString &path : std::as_const(dropped))
            object = removedAt(object, path.split(kSeparator), 0).toObject();
    }
    const QJsonObject liveMeta = object.value(kMetadata).toObject();
    object = merged(info, object, config, QString()).toObject();
    // The server's metadata stays the live object's; the applied labels and annotations are merged in above.
    QJsonObject meta = object.value(kMetadata).toObject();
    for (const char *kept : {"uid", "resourceVersion", "creationTimestamp", "generation", "managedFields"}) {
        const QString field = QLatin1String(kept);
        if (liveMeta.contains(field))
            meta.insert(field, liveMeta.value(field));
        else
            meta.remove(field);
    }
    object.insert(kMetadata, meta);
    QJsonObject entry {{QStringLiteral("manager"), manager}, {QStringLiteral("operation"), QStringLiteral("Apply")},
        {QStringLiteral("apiVersion"), info.apiVersion()}, {QStringLiteral("time"), time}};
    if (own >= 0) {
        managers[own].entry = entry;
        managers[own].fields = applied;
    } else {
        managers.append(Manager {entry, applied});
    }
    storeManagers(object, managers);
    return {object, QJsonObject()};
}

void SimFieldOwnership::recordUpdate(const SimResourceInfo &info, const QJsonObject *before, QJsonObject &after,
    const QString &manager, const QString &time)
{
    QList<Manager> managers = before ? managersOf(*before) : QList<Manager>();
    const QSet<QString> now = fieldSet(info, after, true);
    QSet<QString> changed;
    QSet<QString> gone;
    if (before) {
        const QSet<QString> was = fieldSet(info, *before, true);
        for (const QString &path : now) {
            if (!was.contains(path)
                || (!path.endsWith(QLatin1Char('.')) && valueAt(*before, path) != valueAt(after, path)))
                changed.insert(path);
        }
        for (const QString &path : was) {
            if (!now.contains(path))
                gone.insert(path);
        }
    } else {
        changed = now;
    }
    qsizetype own = -1;
    for (qsizetype i = 0; i < managers.size(); ++i) {
        if (isManager(managers.at(i).entry, manager, QStringLiteral("Update")))
            own = i;
        else
            managers[i].fields -= changed;
        managers[i].fields -= gone;
    }
    QJsonObject entry {{QStringLiteral("manager"), manager}, {QStringLiteral("operation"), QStringLiteral("Update")},
        {QStringLiteral("apiVersion"), after.value(QStringLiteral("apiVersion")).toString(info.apiVersion())},
        {QStringLiteral("time"), time}};
    if (own >= 0) {
        managers[own].entry = entry;
        managers[own].fields += changed;
    } else if (!changed.isEmpty()) {
        managers.append(Manager {entry, changed});
    }
    storeManagers(after, managers);
}

QJsonObject SimFieldOwnership::refusedConfig(
    const QJsonObject &config, const QString &urlName, const QString &expectedApiVersion)
{
    const QString apiVersion = config.value(QStringLiteral("apiVersion")).toString();
    if (apiVersion != expectedApiVersion) {
        return SimStatus::badRequest(
            QStringLiteral("Incorrect version specified in apply patch. Specified patch version: %1, expected: %2")
                .arg(apiVersion, expectedApiVersion));
    }
    const QString name = config.value(kMetadata).toObject().value(QStringLiteral("name")).toString();
    if (name.isEmpty()) {
        return SimStatus::badRequest(
            QStringLiteral("the name of the object (%1 based on URL) was undeterminable: name must be provided")
                .arg(urlName));
    }
    if (name != urlName) {
        return SimStatus::badRequest(
            QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)").arg(name, urlName));
    }
    return {};
}

QJsonObject SimFieldOwnership::forceRefused()
{
    QJsonObject details {{QStringLiteral("group"), QStringLiteral("meta.k8s.io")},
        {QStringLiteral("kind"), QStringLiteral("PatchOptions")},
        {QStringLiteral("causes"),
            QJsonArray {QJsonObject {{QStringLiteral("reason"), QStringLiteral("FieldValueForbidden")},
                {QStringLiteral("message"), QStringLiteral("Forbidden: may not be specified for non-apply patch")},
                {QStringLiteral("field"), QStringLiteral("force")}}}}};
    return SimStatus::failure(422, QStringLiteral("Invalid"),
        QStringLiteral("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for "
                       "non-apply patch"),
        details);
}
