// SPDX-License-Identifier: GPL-3.0-or-later
#include "yamlhighlighter.h"

#include "common/redaction.h"

#include <QGuiApplication>
#include <QPalette>
#include <QRegularExpression>

YamlHighlighter::YamlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    const QPalette palette = QGuiApplication::palette();
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    mKey.setForeground(dark ? QColor(0x8c, 0xc4, 0xff) : QColor(0x1a, 0x4f, 0x9c));
    mKey.setFontWeight(QFont::DemiBold);
    mString.setForeground(dark ? QColor(0xa8, 0xe0, 0x9a) : QColor(0x2a, 0x6e, 0x1f));
    mNumber.setForeground(dark ? QColor(0xf0, 0xb8, 0x7a) : QColor(0x9a, 0x4b, 0x00));
    mComment.setForeground(palette.color(QPalette::Disabled, QPalette::Text));
    mComment.setFontItalic(true);
    mPunctuation.setForeground(palette.color(QPalette::Disabled, QPalette::Text));
    mMasked.setForeground(dark ? QColor(0xff, 0x9a, 0x8a) : QColor(0xa3, 0x1e, 0x1e));
    mMasked.setFontItalic(true);
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression comment(QStringLiteral("(^|\\s)#.*$"));
    static const QRegularExpression key(
        QStringLiteral("^(\\s*(?:-\\s+)?)([^\\s:#'\"][^:#]*?|'[^']*'|\"[^\"]*\"):(\\s|$)"));
    static const QRegularExpression dash(QStringLiteral("^\\s*(-)\\s"));
    static const QRegularExpression quoted(QStringLiteral("'[^']*'|\"(?:[^\"\\\\]|\\\\.)*\""));
    static const QRegularExpression scalar(QStringLiteral(":\\s+(-?\\d+(?:\\.\\d+)?|true|false|null|~)\\s*$"));

    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        setFormat(0, int(text.size()), mPunctuation);
        return;
    }
    QRegularExpressionMatch m = dash.match(text);
    if (m.hasMatch()) {
        setFormat(int(m.capturedStart(1)), 1, mPunctuation);
    }
    m = key.match(text);
    if (m.hasMatch()) {
        setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), mKey);
    }
    auto it = quoted.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch q = it.next();
        setFormat(int(q.capturedStart()), int(q.capturedLength()), mString);
    }
    m = scalar.match(text);
    if (m.hasMatch()) {
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), mNumber);
    }
    const QString marker = redactedMarker();
    for (qsizetype at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
        setFormat(int(at), int(marker.size()), mMasked);
    }
    m = comment.match(text);
    if (m.hasMatch() && !text.left(m.capturedStart()).contains(QLatin1Char('\''))
        && !text.left(m.capturedStart()).contains(QLatin1Char('"'))) {
        setFormat(int(m.capturedStart()), int(m.capturedLength()), mComment);
    }
}
