// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/relationshipobjectsjob.h"
#include "engine/replicationrelationship.h"

#include <QDialog>
#include <QHash>

class OperationTracker;
class ReplicationEngine;
class QPlainTextEdit;
class QTabWidget;

/// Read-only YAML of a relationship: its file, and the live ReplicationSource, ReplicationDestination and
/// key Secret (data masked), each with "copy" and "copy as command" (kubectl / volsyncctl). The live objects are
/// the engine's RelationshipObjectsJob, run through the tracker; it reads the file too, off the GUI thread.
class YamlDialog : public QDialog
{
    Q_OBJECT
public:
    YamlDialog(ReplicationEngine *engine, OperationTracker *tracker, const ReplicationRelationship &relationship,
        QWidget *parent = nullptr);

    /// The text of a tab ("file", "source", "destination", "secret").
    [[nodiscard]] QString text(const QString &tab) const;
    /// The command that shows the same object on the command line.
    [[nodiscard]] QString command(const QString &tab) const;

    /// Read-only YAML highlighting for `editor`: KSyntaxHighlighting's YAML when built with it (theme from the
    /// palette), else the built-in YamlHighlighter.
    static void highlight(QPlainTextEdit *editor);

Q_SIGNALS:
    /// The file has been read and every live object fetched (or failed).
    void loaded();

private:
    QPlainTextEdit *addTab(const QString &key, const QString &title, const QString &command);
    void addObjectTab(const RelationshipObjectsJob::Item &item);

    ReplicationRelationship mRelationship;
    QTabWidget *mTabs = nullptr;
    QHash<QString, QPlainTextEdit *> mEditors;
    QHash<QString, QString> mCommands;
};
