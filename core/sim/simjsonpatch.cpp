// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simjsonpatch.h"

#include <QStringList>

QJsonObject SimJsonPatch::mergePatch(const QJsonObject &target, const QJsonObject &patch)
{
    QJsonObject result = target;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull())
            result.remove(it.key());
        else if (it.value().isObject())
            result.insert(it.key(), mergePatch(result.value(it.key()).toObject(), it.value().toObject()));
        else
            result.insert(it.key(), it.value());
    }
    return result;
}

QJsonObject SimJsonPatch::strategicMergePatch(const QJsonObject &target, const QJsonObject &patch)
{
    QJsonObject result = target;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.key().startsWith(QLatin1Char('$')))
            continue;
        if (it.value().isNull())
            result.remove(it.key());
        else if (it.value().isObject())
            result.insert(it.key(), strategicMergePatch(result.value(it.key()).toObject(), it.value().toObject()));
        else
            result.insert(it.key(), it.value());
    }
    return result;
}

namespace {

QString unescape(QString token)
{
    token.replace(QStringLiteral("~1"), QStringLiteral("/"));
    token.replace(QStringLiteral("~0"), QStringLiteral("~"));
    return token;
}

std::optional<QStringList> parsePointer(const QString &pointer)
{
    if (pointer.isEmpty())
        return QStringList();
    if (!pointer.startsWith(QLatin1Char('/')))
        return std::nullopt;
    QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString &token : tokens)
        token = unescape(token);
    return tokens;
}

enum class Op { Get, Add, Remove, Replace };

// Applies op at tokens[index..] inside value. Returns false when the path does not exist (or is invalid).
bool apply(
    QJsonValue &value, const QStringList &tokens, qsizetype index, Op op, const QJsonValue &newValue, QJsonValue *found)
{
    const QString &token = tokens.at(index);
    const bool last = index == tokens.size() - 1;
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        if (last) {
            switch (op) {
            case Op::Get:
                if (!object.contains(token))
                    return false;
                *found = object.value(token);
                return true;
            case Op::Add:
                object.insert(token, newValue);
                break;
            case Op::Remove:
                if (!object.contains(token))
                    return false;
                *found = object.take(token);
                break;
            case Op::Replace:
                if (!object.contains(token))
                    return false;
                object.insert(token, newValue);
                break;
            }
            value = object;
            return true;
        }
        if (!object.contains(token))
            return false;
        QJsonValue child = object.value(token);
        if (!apply(child, tokens, index + 1, op, newValue, found))
            return false;
        if (op != Op::Get) {
            object.insert(token, child);
            value = object;
        }
        return true;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        bool ok = false;
        qsizetype position = token.toLongLong(&ok);
        if (token == QLatin1String("-") && last && op == Op::Add) {
            position = array.size();
            ok = true;
        }
        if (!ok || position < 0 || position > array.size() || (op != Op::Add && position == array.size()))
            return false;
        if (last) {
            switch (op) {
            case Op::Get:
                *found = array.at(position);
                return true;
            case Op::Add:
                array.insert(position, newValue);
                break;
            case Op::Remove:
                *found = array.at(position);
                array.removeAt(position);
                break;
            case Op::Replace:
                array.replace(position, newValue);
                break;
            }
            value = array;
            return true;
        }
        if (position == array.size())
            return false;
        QJsonValue child = array.at(position);
        if (!apply(child, tokens, index + 1, op, newValue, found))
            return false;
        if (op != Op::Get) {
            array.replace(position, child);
            value = array;
        }
        return true;
    }
    return false;
}

} // namespace

std::optional<QJsonObject> SimJsonPatch::jsonPatch(
    const QJsonObject &target, const QJsonArray &operations, QString *error)
{
    QJsonValue document = target;
    auto fail = [error](const QString &message) -> std::optional<QJsonObject> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    for (const QJsonValue &entry : operations) {
        const QJsonObject operation = entry.toObject();
        const QString op = operation.value(QStringLiteral("op")).toString();
        const QString pathText = operation.value(QStringLiteral("path")).toString();
        const std::optional<QStringList> path = parsePointer(pathText);
        if (!path || path->isEmpty())
            return fail(QStringLiteral("invalid JSON patch path \"%1\"").arg(pathText));
        QJsonValue found;
        if (op == QLatin1String("add")) {
            if (!operation.contains(QStringLiteral("value")))
                return fail(QStringLiteral("add operation does not contain a value"));
            if (!apply(document, *path, 0, Op::Add, operation.value(QStringLiteral("value")), &found))
                return fail(QStringLiteral("add operation does not apply: doc is missing path: \"%1\"").arg(pathText));
        } else if (op == QLatin1String("remove")) {
            if (!apply(document, *path, 0, Op::Remove, {}, &found))
                return fail(
                    QStringLiteral("remove operation does not apply: doc is missing path: \"%1\"").arg(pathText));
        } else if (op == QLatin1String("replace")) {
            if (!apply(document, *path, 0, Op::Replace, operation.value(QStringLiteral("value")), &found))
                return fail(QStringLiteral("replace operation does not apply: doc is missing key: %1").arg(pathText));
        } else if (op == QLatin1String("move") || op == QLatin1String("copy")) {
            const QString fromText = operation.value(QStringLiteral("from")).toString();
            const std::optional<QStringList> from = parsePointer(fromText);
            if (!from || from->isEmpty())
                return fail(QStringLiteral("invalid JSON patch from \"%1\"").arg(fromText));
            const Op take = op == QLatin1String("move") ? Op::Remove : Op::Get;
            if (!apply(document, *from, 0, take, {}, &found))
                return fail(
                    QStringLiteral("%1 operation does not apply: doc is missing from path: %2").arg(op, fromText));
            if (!apply(document, *path, 0, Op::Add, found, &found))
                return fail(QStringLiteral("%1 operation does not apply: doc is missing path: %2").arg(op, pathText));
        } else if (op == QLatin1String("test")) {
            if (!apply(document, *path, 0, Op::Get, {}, &found) || found != operation.value(QStringLiteral("value")))
                return fail(QStringLiteral("testing value %1 failed: test failed").arg(pathText));
        } else {
            return fail(QStringLiteral("Unexpected kind: %1").arg(op));
        }
    }
    if (!document.isObject())
        return fail(QStringLiteral("the patch turned the object into something that is not an object"));
    return document.toObject();
}
