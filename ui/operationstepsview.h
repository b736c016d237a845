// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QWidget>

class OperationTracker;
class QLabel;
class QListWidget;
struct ReplicationResult;

/// The live steps and the result of one operation of the OperationTracker, for a dialog that runs one
/// (FailoverDialog, FailbackDialog): each new progress line as it comes, then the result (the operation's last
/// note when it succeeded, else its error). Closing the dialog leaves the operation running in the tracker.
class OperationStepsView : public QWidget
{
    Q_OBJECT
public:
    /// The list and the result label are named `<objectPrefix>Steps` and `<objectPrefix>Result`.
    OperationStepsView(OperationTracker *tracker, const QString &objectPrefix, QWidget *parent = nullptr);
    ~OperationStepsView() override;

    /// Shows operation `id` from now on (clears what was shown).
    void follow(int id);
    [[nodiscard]] int operation() const { return mOperation; }
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] QStringList steps() const;
    [[nodiscard]] QString resultText() const;

Q_SIGNALS:
    /// The followed operation ended.
    void finished(bool ok);

private:
    void onFinished(int id, const ReplicationResult &result);

    OperationTracker *mTracker = nullptr;
    QListWidget *mSteps = nullptr;
    QLabel *mResult = nullptr;
    int mOperation = 0;
};
