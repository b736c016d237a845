// SPDX-License-Identifier: GPL-3.0-or-later
#include "failbackdialog.h"

#include "engine/disasterrecovery.h"
#include "engine/operationtracker.h"
#include "engine/replicationengine.h"
#include "engine/replicationfailbackjob.h"
#include "operationstepsview.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

FailbackDialog::FailbackDialog(
    ReplicationEngine *engine, OperationTracker *tracker, const QString &name, QWidget *parent)
    : QDialog(parent)
    , mEngine(engine)
    , mTracker(tracker)
    , mName(name)
{
    setObjectName(QStringLiteral("failbackDialog"));
    setWindowTitle(tr("Fail Back %1").arg(name));
    auto *intro = new QLabel(tr("<p>Copies the data of <b>%1</b> home. Primary now: the promoted PVC on the "
                                "destination's cluster.</p>"
                                "<p>Fail back sets up the reverse relationship, from the promoted PVC into the "
                                "original PVC on the source's cluster, and syncs it once. The original PVC must not "
                                "be in use meanwhile. Then a planned <b>Fail Over…</b> of the reverse relationship "
                                "moves the workload home with the newest data.</p>")
                                 .arg(name.toHtmlEscaped()),
        this);
    intro->setObjectName(QStringLiteral("failbackIntro"));
    intro->setWordWrap(true);
    mReverseName = new QLineEdit(this);
    mReverseName->setObjectName(QStringLiteral("failbackReverseName"));
    mReverseName->setPlaceholderText(tr("%1-reverse").arg(name));
    auto *form = new QFormLayout;
    form->addRow(tr("&Reverse relationship:"), mReverseName);
    mRun = new OperationStepsView(mTracker, QStringLiteral("failback"), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    mConfirm = buttons->addButton(tr("&Fail Back"), QDialogButtonBox::AcceptRole);
    mConfirm->setObjectName(QStringLiteral("failbackConfirmButton"));
    connect(mConfirm, &QPushButton::clicked, this, &FailbackDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &FailbackDialog::reject);
    connect(mRun, &OperationStepsView::finished, this, [this](bool ok) {
        mDone = ok; // after a failure it can be run again (the job resumes)
        updateButtons();
        Q_EMIT finishedRunning(ok);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(mRun, 1);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
    updateButtons();
}

FailbackDialog::~FailbackDialog() = default;

void FailbackDialog::setReverseName(const QString &name)
{
    mReverseName->setText(name);
}

QStringList FailbackDialog::steps() const
{
    return mRun->steps();
}

QString FailbackDialog::resultText() const
{
    return mRun->resultText();
}

void FailbackDialog::confirm()
{
    if (!mEngine || mDone || mRun->isRunning())
        return;
    mRun->follow(mTracker->run(DisasterRecovery::failback(mEngine, mName, mReverseName->text().trimmed()),
        OperationTracker::Kind::Other, mName, tr("Fail back of %1").arg(mName)));
    updateButtons();
}

void FailbackDialog::updateButtons()
{
    const bool editable = !mRun->isRunning() && !mDone;
    mConfirm->setEnabled(editable && mEngine);
    mReverseName->setEnabled(editable);
}
