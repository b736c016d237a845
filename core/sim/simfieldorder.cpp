// SPDX-License-Identifier: GPL-3.0-or-later
#include "sim/simfieldorder.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <limits>

namespace {

// A small scanner over JSON text that records the offset of every object key by its path. It is only run on a
// body that already parsed as JSON, so it stops quietly on anything unexpected.
class KeyScanner
{
public:
    explicit KeyScanner(const QByteArray &text)
        : mText(text)
    { }

    QHash<QString, qsizetype> offsets()
    {
        value(QString(), 0);
        return mOffsets;
    }

private:
    void skipSpace()
    {
        while (mPos < mText.size()
            && (mText.at(mPos) == ' ' || mText.at(mPos) == '\n' || mText.at(mPos) == '\r' || mText.at(mPos) == '\t'))
            ++mPos;
    }

    // The string starting at mPos (a '"'), decoded; mPos ends after its closing quote.
    QString string()
    {
        const qsizetype start = mPos;
        ++mPos;
        bool escaped = false;
        while (mPos < mText.size()) {
            const char c = mText.at(mPos++);
            if (c == '\\') {
                ++mPos;
                escaped = true;
            } else if (c == '"') {
                break;
            }
        }
        const QByteArray raw = mText.mid(start, mPos - start);
        if (!escaped)
            return QString::fromUtf8(raw.mid(1, raw.size() - 2));
        return QJsonDocument::fromJson("[" + raw + "]").array().at(0).toString();
    }

    void value(const QString &path, int depth)
    {
        skipSpace();
        if (mPos >= mText.size() || depth > 200)
            return;
        const char c = mText.at(mPos);
        if (c == '{') {
            ++mPos;
            for (;;) {
                skipSpace();
                if (mPos >= mText.size() || mText.at(mPos) == '}') {
                    ++mPos;
                    return;
                }
                if (mText.at(mPos) == ',') {
                    ++mPos;
                    continue;
                }
                if (mText.at(mPos) != '"')
                    return;
                const qsizetype keyAt = mPos;
                const QString key = string();
                const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
                if (!mOffsets.contains(child))
                    mOffsets.insert(child, keyAt);
                skipSpace();
                if (mPos < mText.size() && mText.at(mPos) == ':')
                    ++mPos;
                value(child, depth + 1);
            }
        } else if (c == '[') {
            ++mPos;
            int index = 0;
            for (;;) {
                skipSpace();
                if (mPos >= mText.size() || mText.at(mPos) == ']') {
                    ++mPos;
                    return;
                }
                if (mText.at(mPos) == ',') {
                    ++mPos;
                    continue;
                }
                value(path + QStringLiteral("[%1]").arg(index++), depth + 1);
            }
        } else if (c == '"') {
            string();
        } else {
            while (mPos < mText.size() && !QByteArrayView(",}] \n\r\t").contains(mText.at(mPos)))
                ++mPos;
        }
    }

    const QByteArray &mText;
    qsizetype mPos = 0;
    QHash<QString, qsizetype> mOffsets;
};

} // namespace

QStringList SimFieldOrder::documentOrder(const QStringList &paths, const QByteArray &document)
{
    if (paths.size() < 2)
        return paths;
    const QHash<QString, qsizetype> offsets = KeyScanner(document).offsets();
    QStringList ordered = paths;
    std::stable_sort(ordered.begin(), ordered.end(), [&offsets](const QString &a, const QString &b) {
        return offsets.value(a, std::numeric_limits<qsizetype>::max())
            < offsets.value(b, std::numeric_limits<qsizetype>::max());
    });
    return ordered;
}

QStringList SimFieldOrder::customResourceOrder(const QStringList &paths)
{
    QStringList metadata;
    QStringList rest;
    for (const QString &path : paths)
        (path.startsWith(QLatin1String("metadata.")) ? metadata : rest).append(path);
    std::sort(metadata.begin(), metadata.end());
    std::sort(rest.begin(), rest.end());
    return metadata + rest;
}
