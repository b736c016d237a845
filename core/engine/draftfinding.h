// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

/// One result of a preflight check on a RelationshipDraft: which choice it is about, how bad it is, what to
/// say (a sentence, capital first) and, when a command fixes it, that command (the CLI prints it, the GUI can
/// offer it).
struct DraftFinding {
    enum class Field {
        Name,
        SourceContext,
        SourceNamespace,
        SourcePvc,
        SourceCopyMethod,
        SourceClasses,
        DestinationContext,
        DestinationNamespace,
        DestinationName,
        DestinationCopyMethod,
        Capacity,
        AccessModes,
        DestinationClasses,
        ServiceType,
        Schedule,
        PrivilegedMovers,
    };
    enum class Severity {
        Info, ///< worth knowing; nothing to fix
        Warning, ///< may not work as hoped; the user decides
        Error, ///< refused: the wizard does not go on, the CLI stops
    };

    Field field = Field::Name;
    Severity severity = Severity::Error;
    QString message;
    QString fix; ///< a command that fixes it, if one does

    [[nodiscard]] bool isError() const { return severity == Severity::Error; }
    bool operator==(const DraftFinding &) const = default;

    /// `text` with a capital first letter and a final period (engine texts are CLI-style lower case).
    [[nodiscard]] static QString sentence(const QString &text);
    /// The findings about `fields` only.
    [[nodiscard]] static QList<DraftFinding> about(const QList<DraftFinding> &findings, const QList<Field> &fields);
    [[nodiscard]] static bool hasError(const QList<DraftFinding> &findings);
};

Q_DECLARE_METATYPE(DraftFinding)
