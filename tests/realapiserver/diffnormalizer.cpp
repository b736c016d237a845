// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffnormalizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace {

QString normalizeMessage(QString message)
{
    static const QRegularExpression versions(
        QStringLiteral("((?:resource ?version|ResourceVersion)[^0-9\"]{0,40})(\\d+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tooOld(QStringLiteral("too old resource version: (\\d+) \\((\\d+)\\)"));
    static const QRegularExpression uid(QStringLiteral("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    message.replace(tooOld, QStringLiteral("too old resource version: \\1 (<rv>)"));
    message.replace(versions, QStringLiteral("\\1<rv>"));
    message.replace(uid, QStringLiteral("<uid>"));
    return message;
}

bool isIp(const QString &text)
{
    static const QRegularExpression ip(QStringLiteral("^\\d+\\.\\d+\\.\\d+\\.\\d+$"));
    return ip.match(text).hasMatch();
}

QJsonObject normalizeMetadata(QJsonObject meta)
{
    for (const char *field : {"uid", "creationTimestamp", "deletionTimestamp"}) {
        const QString key = QLatin1String(field);
        if (meta.contains(key))
            meta.insert(key, QStringLiteral("<%1>").arg(key));
    }
    if (!meta.value(QStringLiteral("resourceVersion")).toString().isEmpty())
        meta.insert(QStringLiteral("resourceVersion"), QStringLiteral("<rv>"));
    if (!meta.value(QStringLiteral("continue")).toString().isEmpty())
        meta.insert(QStringLiteral("continue"), QStringLiteral("<continue>"));
    meta.remove(QStringLiteral("managedFields"));
    meta.remove(QStringLiteral("selfLink"));
    const QString generateName = meta.value(QStringLiteral("generateName")).toString();
    const QString name = meta.value(QStringLiteral("name")).toString();
    if (!generateName.isEmpty() && name.startsWith(generateName) && name.size() > generateName.size())
        meta.insert(QStringLiteral("name"), QString(generateName + QStringLiteral("<suffix>")));
    return meta;
}

QString childPath(const QString &path, const QString &key)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_-]+$"));
    if (plain.match(key).hasMatch())
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    return path + QLatin1Char('[') + key + QLatin1Char(']');
}

QString show(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("(absent)");
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    const QByteArray wrapped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

void collect(const QJsonValue &a, const QJsonValue &b, const QString &path, const QHash<QString, QString> &skips,
    QStringList &out)
{
    if (DiffNormalizer::skipped(path, skips))
        return;
    if (a.isObject() && b.isObject()) {
        const QJsonObject x = a.toObject();
        const QJsonObject y = b.toObject();
        QStringList keys = x.keys();
        for (const QString &key : y.keys()) {
            if (!keys.contains(key))
                keys.append(key);
        }
        for (const QString &key : std::as_const(keys))
            collect(x.value(key), y.value(key), childPath(path, key), skips, out);
        return;
    }
    // An object on one side only: compare its fields one by one, so that skips of single fields still apply.
    if ((a.isObject() && b.isUndefined()) || (a.isUndefined() && b.isObject())) {
        const QJsonObject present = a.isObject() ? a.toObject() : b.toObject();
        if (!present.isEmpty()) {
            for (auto it = present.begin(); it != present.end(); ++it) {
                collect(a.isObject() ? it.value() : QJsonValue(QJsonValue::Undefined),
                    b.isObject() ? it.value() : QJsonValue(QJsonValue::Undefined), childPath(path, it.key()), skips,
                    out);
            }
            return;
        }
    }
    if (a.isArray() && b.isArray() && a.toArray().size() == b.toArray().size()) {
        const QJsonArray x = a.toArray();
        const QJsonArray y = b.toArray();
        for (qsizetype i = 0; i < x.size(); ++i)
            collect(x.at(i), y.at(i), path + QStringLiteral("[%1]").arg(i), skips, out);
        return;
    }
    if (a != b)
        out.append(QStringLiteral("%1: simulator %2, kube-apiserver %3").arg(path, show(a), show(b)));
}

} // namespace

namespace {

// Objects made by controllers the simulator does not run, in the version of the reference server only: v1.20's
// token controller gives every namespace a service-account token Secret (Kubernetes 1.24+ creates none).
bool controllerMade(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    const QJsonObject inner = object.contains(QStringLiteral("object")) && object.contains(QStringLiteral("type"))
        ? object.value(QStringLiteral("object")).toObject()
        : object;
    return inner.value(QStringLiteral("type")).toString() == QLatin1String("kubernetes.io/service-account-token");
}

// Causes in a stable order: kube-apiserver reports schema errors in Go map order, which changes between runs.
QJsonArray sortedCauses(const QJsonArray &causes)
{
    QList<QJsonObject> list;
    for (const QJsonValue &cause : causes)
        list.append(cause.toObject());
    std::sort(list.begin(), list.end(), [](const QJsonObject &x, const QJsonObject &y) {
        const auto key = [](const QJsonObject &c) -> QString {
            return c.value(QStringLiteral("field")).toString() + QLatin1Char('\n')
                + c.value(QStringLiteral("reason")).toString() + QLatin1Char('\n')
                + c.value(QStringLiteral("message")).toString();
        };
        return key(x) < key(y);
    });
    QJsonArray sorted;
    for (const QJsonObject &cause : std::as_const(list))
        sorted.append(cause);
    return sorted;
}

} // namespace

QJsonValue DiffNormalizer::normalize(const QJsonValue &value)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array.replace(i, normalize(array.at(i)));
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    for (const char *listKey : {"items", "events"}) {
        const QString key = QLatin1String(listKey);
        if (!object.value(key).isArray())
            continue;
        QJsonArray kept;
        for (const QJsonValue &item : object.value(key).toArray()) {
            if (!controllerMade(item))
                kept.append(item);
        }
        object.insert(key, kept);
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = it.key();
        if (key == QLatin1String("causes") && it.value().isArray()) {
            it.value() = normalize(sortedCauses(it.value().toArray()));
        } else if (key == QLatin1String("metadata") && it.value().isObject()) {
            it.value() = normalize(normalizeMetadata(it.value().toObject()));
        } else if (key == QLatin1String("message") && it.value().isString()) {
            it.value() = normalizeMessage(it.value().toString());
        } else if (key == QLatin1String("clusterIP") && isIp(it.value().toString())) {
            it.value() = QStringLiteral("<ip>");
        } else if (key == QLatin1String("clusterIPs") && it.value().isArray()) {
            QJsonArray ips = it.value().toArray();
            for (qsizetype i = 0; i < ips.size(); ++i) {
                if (isIp(ips.at(i).toString()))
                    ips.replace(i, QStringLiteral("<ip>"));
            }
            it.value() = ips;
        } else if (key == QLatin1String("uid") && it.value().isString() && !it.value().toString().isEmpty()) {
            it.value() = QStringLiteral("<uid>");
        } else if (key == QLatin1String("nodePort") && it.value().isDouble()) {
            it.value() = QStringLiteral("<port>");
        } else {
            it.value() = normalize(it.value());
        }
    }
    return object;
}

bool DiffNormalizer::skipped(const QString &path, const QHash<QString, QString> &skips)
{
    static const QRegularExpression index(QStringLiteral("\\[\\d+\\]"));
    QString generic = path;
    generic.replace(index, QStringLiteral("[*]"));
    for (auto it = skips.cbegin(); it != skips.cend(); ++it) {
        for (const QString &candidate : {path, generic}) {
            if (candidate == it.key())
                return true;
            if (candidate.startsWith(it.key())) {
                const QChar next = candidate.at(it.key().size());
                if (next == QLatin1Char('.') || next == QLatin1Char('['))
                    return true;
            }
        }
    }
    return false;
}

QStringList DiffNormalizer::differences(
    const QJsonValue &simulator, const QJsonValue &real, const QHash<QString, QString> &skips)
{
    QStringList out;
    collect(normalize(simulator), normalize(real), QString(), skips, out);
    return out;
}
