// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubewatchdecoder.h"

#include <QJsonDocument>
#include <QJsonParseError>

QList<KubeWatchEvent> KubeWatchDecoder::feed(const QByteArray &chunk)
{
    QList<KubeWatchEvent> events;
    mBuffer.append(chunk);
    qsizetype start = 0;
    while (true) {
        const qsizetype newline = mBuffer.indexOf('\n', start);
        if (newline < 0)
            break;
        const QByteArray line = mBuffer.mid(start, newline - start).trimmed();
        start = newline + 1;
        if (line.isEmpty())
            continue;
        KubeWatchEvent event;
        if (decodeLine(line, &event))
            events.append(event);
    }
    mBuffer.remove(0, start);
    if (mBuffer.size() > mMaxLineBytes) {
        mError = QStringLiteral("watch event larger than %1 bytes").arg(mMaxLineBytes);
        mBuffer.clear();
    }
    return events;
}

QList<KubeWatchEvent> KubeWatchDecoder::finish()
{
    QList<KubeWatchEvent> events;
    const QByteArray line = mBuffer.trimmed();
    mBuffer.clear();
    if (line.isEmpty())
        return events;
    KubeWatchEvent event;
    if (decodeLine(line, &event))
        events.append(event);
    return events;
}

void KubeWatchDecoder::reset()
{
    mBuffer.clear();
    mError.clear();
}

bool KubeWatchDecoder::decodeLine(const QByteArray &line, KubeWatchEvent *event)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        mError = QStringLiteral("undecodable watch event: %1").arg(parseError.errorString());
        return false;
    }
    const QJsonObject object = document.object();
    if (!KubeWatchEvent::typeFromString(object.value(QLatin1String("type")).toString(), &event->type)) {
        mError
            = QStringLiteral("watch event of unknown type \"%1\"").arg(object.value(QLatin1String("type")).toString());
        return false;
    }
    const QJsonValue value = object.value(QLatin1String("object"));
    if (!value.isObject()) {
        mError = QStringLiteral("watch event without an object");
        return false;
    }
    event->object = value.toObject();
    return true;
}
