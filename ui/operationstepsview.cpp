// SPDX-License-Identifier: GPL-3.0-or-later
#include "operationstepsview.h"

#include "engine/operationtracker.h"
#include "statusstyle.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

OperationStepsView::OperationStepsView(OperationTracker *tracker, const QString &objectPrefix, QWidget *parent)
    : QWidget(parent)
    , mTracker(tracker)
{
    mSteps = new QListWidget(this);
    mSteps->setObjectName(objectPrefix + QStringLiteral("Steps"));
    mSteps->setMinimumHeight(100);
    mResult = new QLabel(this);
    mResult->setObjectName(objectPrefix + QStringLiteral("Result"));
    mResult->setWordWrap(true);
    mResult->setTextFormat(Qt::RichText);
    mResult->hide(); // until there is a result
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *caption = new QLabel(tr("Steps:"), this);
    caption->setObjectName(objectPrefix + QStringLiteral("StepsCaption"));
    layout->addWidget(caption);
    layout->addWidget(mSteps, 1);
    layout->addWidget(mResult);
    connect(mTracker, &OperationTracker::progress, this, [this](int id, ReplicationJob::Step, const QString &message) {
        if (id == mOperation && !message.isEmpty()
            && (mSteps->count() == 0 || mSteps->item(mSteps->count() - 1)->text() != message))
            mSteps->addItem(message);
    });
    connect(mTracker, &OperationTracker::finished, this, &OperationStepsView::onFinished);
}

OperationStepsView::~OperationStepsView() = default;

void OperationStepsView::follow(int id)
{
    mOperation = id;
    mSteps->clear();
    mResult->clear();
    mResult->hide();
}

bool OperationStepsView::isRunning() const
{
    return mOperation != 0 && mTracker->state(mOperation) == OperationTracker::State::Running;
}

QStringList OperationStepsView::steps() const
{
    QStringList lines;
    for (int i = 0; i < mSteps->count(); ++i)
        lines.append(mSteps->item(i)->text());
    return lines;
}

QString OperationStepsView::resultText() const
{
    return mResult->text();
}

void OperationStepsView::onFinished(int id, const ReplicationResult &result)
{
    if (id != mOperation || mOperation == 0)
        return;
    const QString text = result.ok() && !result.notes.isEmpty() ? result.notes.constLast() : result.error;
    mResult->setText(
        StatusStyle::badgeHtml(result.ok() ? StatusStyle::Kind::Ok : StatusStyle::Kind::Error, text, palette()));
    mResult->show();
    Q_EMIT finished(result.ok());
}
