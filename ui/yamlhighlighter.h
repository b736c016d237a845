// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

/// A small YAML highlighter (keys, strings, numbers and booleans, comments, list dashes, document markers)
/// with palette-aware colours; used when KSyntaxHighlighting is not available.
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat mKey;
    QTextCharFormat mString;
    QTextCharFormat mNumber;
    QTextCharFormat mComment;
    QTextCharFormat mPunctuation;
    QTextCharFormat mMasked;
};
