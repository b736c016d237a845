// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/httprequesthead.h"

#include <QStringBuilder>

HttpRequestHead::Parse HttpRequestHead::parse(const QByteArray &buffer, HttpRequestHead *head, qsizetype maxBytes)
{
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0 || end + 4 > maxBytes)
        return (end < 0 && buffer.size() <= maxBytes) ? Parse::Incomplete : Parse::TooLarge;
    *head = HttpRequestHead();
    head->mSize = end + 4;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    head->mRequestLine = lines.constFirst().trimmed();
    const QList<QByteArray> parts = head->mRequestLine.split(' ');
    head->mMethod = parts.value(0);
    head->mTarget = parts.value(1);
    head->mVersion = parts.value(2);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        head->mFields.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    const bool valid = parts.size() == 3 && !head->mMethod.isEmpty() && !head->mTarget.isEmpty()
        && head->mVersion.startsWith("HTTP/1.");
    return valid ? Parse::Complete : Parse::Malformed;
}

QList<QByteArray> HttpRequestHead::values(const QByteArray &name) const
{
    QList<QByteArray> result;
    for (const auto &field : mFields) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            result.append(field.second);
    }
    return result;
}

QByteArray HttpRequestHead::value(const QByteArray &name) const
{
    for (const auto &field : mFields) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return {};
}

QByteArray HttpRequestHead::combinedValue(const QByteArray &name) const
{
    return values(name).join(", ");
}

bool HttpRequestHead::hasField(const QByteArray &name) const
{
    for (const auto &field : mFields) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool HttpRequestHead::isChunked() const
{
    return combinedValue("transfer-encoding").toLower().contains("chunked");
}

std::optional<qint64> HttpRequestHead::contentLength() const
{
    const QByteArray text = value("content-length");
    if (text.isEmpty())
        return 0;
    bool ok = false;
    const qint64 length = text.toLongLong(&ok);
    if (!ok || length < 0)
        return std::nullopt;
    return length;
}

bool HttpRequestHead::wantsClose() const
{
    return combinedValue("connection").toLower().contains("close") || mVersion == "HTTP/1.0";
}
