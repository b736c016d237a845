// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

/// Shown when there is no kubeconfig: explains what is needed and offers to open a kubeconfig file or
/// to try the demo (simulated clusters, nothing real is touched).
class FirstRunPage : public QWidget
{
    Q_OBJECT
public:
    explicit FirstRunPage(QWidget *parent = nullptr);

    /// The files that were looked for (shown so that a person knows where to put one).
    void setSearchedFiles(const QStringList &files);
    /// Shows a problem (e.g. the demo could not start) under the buttons; empty hides it.
    void setMessage(const QString &message);
    /// While the demo starts: buttons disabled, a note shown.
    void setBusy(bool busy, const QString &note = QString());

Q_SIGNALS:
    void openKubeconfigRequested();
    void demoRequested();

private:
    QLabel *mSearched = nullptr;
    QLabel *mMessage = nullptr;
    QPushButton *mOpenButton = nullptr;
    QPushButton *mDemoButton = nullptr;
};
