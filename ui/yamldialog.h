// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/replicationrelationship.h"

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

class KubeSession;
class QPlainTextEdit;
class QTabWidget;

/// Read-only YAML of a relationship: its file, and the live ReplicationSource, ReplicationDestination and
/// key Secret (data masked), each with "copy" and "copy as command" (kubectl / volsyncctl).
class YamlDialog : public QDialog
{
    Q_OBJECT
public:
    YamlDialog(KubeSession *session, const ReplicationRelationship &relationship, const QString &filePath,
        QWidget *parent = nullptr);

    /// The text of a tab ("file", "source", "destination", "secret").
    [[nodiscard]] QString text(const QString &tab) const;
    /// The command that shows the same object on the command line.
    [[nodiscard]] QString command(const QString &tab) const;

    /// JSON object -> YAML for display: managedFields dropped, Secret data masked.
    [[nodiscard]] static QString toDisplayYaml(QJsonObject object);
    /// Read-only YAML highlighting for `editor`: KSyntaxHighlighting's YAML when built with it (theme from the
    /// palette), else the built-in YamlHighlighter.
    static void highlight(QPlainTextEdit *editor);

Q_SIGNALS:
    /// Every live object has been fetched (or failed).
    void loaded();

private:
    QPlainTextEdit *addTab(const QString &key, const QString &title, const QString &command);
    void fetch(const QString &key, const QString &context, const struct KubeResource &resource, const QString &ns,
        const QString &name);
    void finishOne();

    QPointer<KubeSession> mSession;
    ReplicationRelationship mRelationship;
    QTabWidget *mTabs = nullptr;
    QHash<QString, QPlainTextEdit *> mEditors;
    QHash<QString, QString> mCommands;
    int mPending = 0;
};
