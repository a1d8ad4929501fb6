<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminScreen</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Add a user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Change roles…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <source>Disable or enable</source>
        <translation>停用或启用</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Back up the database now…</source>
        <translation>立即备份数据库…</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>A backup is a complete, consistent copy of the database taken while DoseDesk runs. Keep copies off this computer.</source>
        <translation>备份是在 DoseDesk 运行期间获取的完整、一致的数据库副本。请将副本保存在本机以外的地方。</translation>
    </message>
    <message>
        <source>Restoring replaces the database in use by a backup, once the backup has passed every check of dosedesk check. The database in use is kept beside it, renamed, never deleted. Close DoseDesk on every other computer first; everyone signs in again afterwards.</source>
        <translation>恢复会在备份通过 dosedesk check 的全部检查后，用备份替换正在使用的数据库。正在使用的数据库会改名保留在原处，绝不删除。请先关闭其他所有电脑上的 DoseDesk；恢复后所有人都需要重新登录。</translation>
    </message>
    <message>
        <source>Back up</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Users and roles</source>
        <translation>用户与角色</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计追踪</translation>
    </message>
    <message>
        <source>Site settings</source>
        <translation>站点设置</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Who acted</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Record searched for</source>
        <translation>要查找的记录</translation>
    </message>
    <message>
        <source>record (table or id)</source>
        <translation>记录（表名或编号）</translation>
    </message>
    <message>
        <source>Sea&amp;rch</source>
        <translation>查找(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>fro&amp;m</source>
        <translation>从(&amp;M)</translation>
    </message>
    <message>
        <source>t&amp;o</source>
        <translation>至(&amp;O)</translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>导出审计追踪</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Temporary password for {name} (they must change it when they sign in):</source>
        <translation>{name} 的临时密码（其登录时必须修改）：</translation>
    </message>
    <message>
        <source>Back up the database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <source>Copying the database to {path}…</source>
        <translation>正在将数据库复制到 {path}…</translation>
    </message>
    <message>
        <source>Backup written to {path}.</source>
        <translation>备份已写入 {path}。</translation>
    </message>
    <message>
        <source>The backup was cancelled; no file was kept.</source>
        <translation>备份已取消，未保留任何文件。</translation>
    </message>
    <message>
        <source>Backing up</source>
        <translation>正在备份</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>DoseDesk backups (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>DoseDesk 备份 (*.sqlite3 *.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s)</source>
        <translation>
            <numerusform>%n 位受试者</numerusform>
        </translation>
    </message>
    <message>
        <source>not a DoseDesk database that can be read</source>
        <translation>不是可读取的 DoseDesk 数据库</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>{path}
{subjects}; last change {last}; {size} MB, saved {saved}</source>
        <translation>{path}
{subjects}；最后更改 {last}；{size} MB，保存于 {saved}</translation>
    </message>
    <message>
        <source>Replace the database in use:
{current}

by the backup:
{backup}

Everything recorded since the backup was taken is no longer in use (the database in use is kept beside it, renamed). Everyone signs in again afterwards.</source>
        <translation>用以下备份：
{backup}

替换正在使用的数据库：
{current}

备份之后记录的所有内容将不再使用（正在使用的数据库会改名保留在原处）。恢复后所有人都需要重新登录。</translation>
    </message>
    <message>
        <source>Replace the database</source>
        <translation>替换数据库</translation>
    </message>
    <message>
        <source>Keep the database in use</source>
        <translation>保留正在使用的数据库</translation>
    </message>
    <message>
        <source>Copying the backup…</source>
        <translation>正在复制备份…</translation>
    </message>
    <message>
        <source>Checking the backup as dosedesk check does…</source>
        <translation>正在按 dosedesk check 的方式检查备份…</translation>
    </message>
    <message>
        <source>Replacing the database…</source>
        <translation>正在替换数据库…</translation>
    </message>
    <message>
        <source>The backup {backup} was restored. The database used before is kept as {aside}. Sign in again.</source>
        <translation>已恢复备份 {backup}。之前使用的数据库已保留为 {aside}。请重新登录。</translation>
    </message>
    <message>
        <source>The restore was cancelled; the database in use is unchanged.</source>
        <translation>恢复已取消；正在使用的数据库未作任何更改。</translation>
    </message>
    <message>
        <source>Restoring a backup</source>
        <translation>正在恢复备份</translation>
    </message>
</context>
<context>
    <name>AttestationsDialog</name>
    <message>
        <source>Attestations for {subject}</source>
        <translation>{subject} 的研究者确认</translation>
    </message>
    <message>
        <source>Tick a criterion when you have checked it: an inclusion criterion holds, an exclusion criterion is absent. A criterion left clear is not satisfied.</source>
        <translation>核实后勾选标准：入选标准成立，排除标准不存在。未勾选的标准视为不满足。</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>全部勾选</translation>
    </message>
</context>
<context>
    <name>BookVisitDialog</name>
    <message>
        <source>Book visit {label}</source>
        <translation>预约访视 {label}</translation>
    </message>
    <message>
        <source>Day of the visit</source>
        <translation>访视日期</translation>
    </message>
    <message>
        <source>Reason for this day</source>
        <translation>选择此日期的原因</translation>
    </message>
    <message>
        <source>Why this day? Needed outside the window or on a closed day</source>
        <translation>为什么选这一天？在窗口期外或门诊休息日预约时必填</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>目标日期：</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>窗口期：</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} 至 {end}</translation>
    </message>
    <message>
        <source>none: no open day in the window</source>
        <translation>无：窗口期内没有门诊开放日</translation>
    </message>
    <message>
        <source>Suggested:</source>
        <translation>建议日期：</translation>
    </message>
    <message>
        <source>Green: inside the window. Grey: clinic closed. Bold: target. Underlined: suggested day.</source>
        <translation>绿色：窗口期内。灰色：门诊休息。粗体：目标日期。下划线：建议日期。</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Book {label}</source>
        <translation>预约 {label}</translation>
    </message>
    <message>
        <source>Book {label} for {subject}</source>
        <translation>为 {subject} 预约 {label}</translation>
    </message>
    <message>
        <source>{day}: clinic closed ({why})</source>
        <translation>{day}：门诊休息（{why}）</translation>
    </message>
    <message>
        <source>{day}: inside the window</source>
        <translation>{day}：在窗口期内</translation>
    </message>
    <message>
        <source>This day is outside what the protocol allows: give a reason.</source>
        <translation>这一天不符合方案要求，请填写原因。</translation>
    </message>
</context>
<context>
    <name>CalendarModel</name>
    <message>
        <source>planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>booked</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>omitted</source>
        <translation>已省略</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>已错过</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cycle {n}</source>
        <translation>第 {n} 周期</translation>
    </message>
    <message>
        <source>Screening</source>
        <translation>筛选期</translation>
    </message>
    <message>
        <source>Day {n}</source>
        <translation>第 {n} 天</translation>
    </message>
    <message>
        <source>Tumour assessment</source>
        <translation>肿瘤评估</translation>
    </message>
    <message>
        <source>Other visits</source>
        <translation>其他访视</translation>
    </message>
    <message>
        <source>HELD</source>
        <translation>暂停给药</translation>
    </message>
    <message>
        <source>window {start} to {end}</source>
        <translation>窗口期 {start} 至 {end}</translation>
    </message>
    <message>
        <source>given {day}</source>
        <translation>{day} 已给药</translation>
    </message>
    <message>
        <source>on {day}</source>
        <translation>{day} 完成</translation>
    </message>
    <message>
        <source>booked {day}</source>
        <translation>已预约 {day}</translation>
    </message>
    <message>
        <source>no date until the hold ends</source>
        <translation>暂停结束前不安排日期</translation>
    </message>
    <message>
        <source>suggested {day}</source>
        <translation>建议 {day}</translation>
    </message>
    <message>
        <source>order {status}</source>
        <translation>医嘱：{status}</translation>
    </message>
    <message>
        <source>treatment held</source>
        <translation>治疗暂停中</translation>
    </message>
    <message>
        <source>Target: {day}</source>
        <translation>目标日期：{day}</translation>
    </message>
    <message>
        <source>Window: {start} to {end}</source>
        <translation>窗口期：{start} 至 {end}</translation>
    </message>
    <message>
        <source>No date is suggested: the treatment waits for the hold to end.</source>
        <translation>不建议日期：治疗需等待暂停结束。</translation>
    </message>
    <message>
        <source>Suggested: {day}</source>
        <translation>建议日期：{day}</translation>
    </message>
    <message>
        <source>Booked: {day}</source>
        <translation>预约日期：{day}</translation>
    </message>
    <message>
        <source>Actual: {day}</source>
        <translation>实际日期：{day}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>备注：{note}</translation>
    </message>
</context>
<context>
    <name>CancelDialog</name>
    <message>
        <source>Cancel order {number}</source>
        <translation>取消医嘱 {number}</translation>
    </message>
    <message>
        <source>Choose why…</source>
        <translation>请选择原因…</translation>
    </message>
    <message>
        <source>{subject} · {visit}. A bag already made is recorded as waste with its lots.</source>
        <translation>{subject} · {visit}。已配制的输液袋连同其批号记为废弃。</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>医嘱：</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>详情：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Cancel the order</source>
        <translation>取消医嘱</translation>
    </message>
    <message>
        <source>Keep the order</source>
        <translation>保留医嘱</translation>
    </message>
    <message>
        <source>Choose why the order is cancelled.</source>
        <translation>请选择取消医嘱的原因。</translation>
    </message>
    <message>
        <source>Say why the order is cancelled.</source>
        <translation>请说明取消医嘱的原因。</translation>
    </message>
    <message>
        <source>Type your password to sign.</source>
        <translation>请输入密码以签名。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Choose a new password</source>
        <translation>设置新密码</translation>
    </message>
    <message>
        <source>Temporary password:</source>
        <translation>临时密码：</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>新密码：</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>再次输入新密码：</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>An administrator set a temporary password for you. Choose your own now.</source>
        <translation>管理员为您设置了临时密码，请现在设置您自己的密码。</translation>
    </message>
    <message>
        <source>The two new passwords are not the same. Type them again.</source>
        <translation>两次输入的新密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <source>Check the bag of order {number}</source>
        <translation>复核医嘱 {number} 的输液袋</translation>
    </message>
    <message>
        <source>Sign the check and release the bag</source>
        <translation>签名复核并放行输液袋</translation>
    </message>
    <message>
        <source>The order:</source>
        <translation>医嘱：</translation>
    </message>
    <message>
        <source>g</source>
        <translation>克</translation>
    </message>
    <message>
        <source>Bag weight (g):</source>
        <translation>输液袋重量（克）：</translation>
    </message>
    <message>
        <source>{lot} ({vials})</source>
        <translation>{lot}（{vials}）</translation>
    </message>
    <message>
        <source>Subject {subject} · {visit} · bag {bag}</source>
        <translation>受试者 {subject} · {visit} · 第 {bag} 袋</translation>
    </message>
    <message>
        <source>{vials} vial(s) from lots {lots}; {volume} drawn</source>
        <translation>{vials} 瓶，批号 {lots}；抽取 {volume}</translation>
    </message>
    <message>
        <source>{final} in {bag} of diluent; prepared by {who} at {when}</source>
        <translation>{final} 加入 {bag} 稀释液；由 {who} 于 {when} 配制</translation>
    </message>
    <message>
        <source>Use before {when}</source>
        <translation>请于 {when} 前使用</translation>
    </message>
    <message>
        <source>Confirm every item against the bag before releasing it.</source>
        <translation>放行前请对照输液袋逐项确认。</translation>
    </message>
    <message>
        <source>Weigh the bag and enter its weight in grams.</source>
        <translation>请称量输液袋并填写重量（克）。</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <source>Laboratory test code</source>
        <translation>检验项目代码</translation>
    </message>
    <message>
        <source>The laboratory&apos;s code:</source>
        <translation>检验科代码：</translation>
    </message>
    <message>
        <source>Reports the lab:</source>
        <translation>对应的检验项目：</translation>
    </message>
    <message>
        <source>In the unit (when its files leave it out):</source>
        <translation>单位（文件未写单位时使用）：</translation>
    </message>
    <message>
        <source>Give the laboratory&apos;s test code.</source>
        <translation>请填写检验科的项目代码。</translation>
    </message>
</context>
<context>
    <name>DateReasonDialog</name>
    <message>
        <source>optional</source>
        <translation>选填</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>De&amp;tails:</source>
        <translation>详细说明(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Details (needed)</source>
        <translation>详细说明（必填）</translation>
    </message>
    <message>
        <source>Details (optional)</source>
        <translation>详细说明（可选）</translation>
    </message>
    <message>
        <source>Say what the reason is.</source>
        <translation>请写明原因。</translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>DipstickDialog</name>
    <message>
        <source>Urine protein dipstick of {subject}</source>
        <translation>{subject} 的尿蛋白试纸检测</translation>
    </message>
    <message>
        <source>Tested on:</source>
        <translation>检测日期：</translation>
    </message>
    <message>
        <source>Choose the reading…</source>
        <translation>选择读数…</translation>
    </message>
    <message>
        <source>Protein:</source>
        <translation>尿蛋白：</translation>
    </message>
    <message>
        <source>Choose the dipstick&apos;s reading.</source>
        <translation>请选择试纸读数。</translation>
    </message>
</context>
<context>
    <name>ESignatureDialog</name>
    <message>
        <source>Electronic signature</source>
        <translation>电子签名</translation>
    </message>
    <message>
        <source>Sign: {meaning}</source>
        <translation>签名：{meaning}</translation>
    </message>
    <message>
        <source>Signing:</source>
        <translation>签署对象：</translation>
    </message>
    <message>
        <source>Meaning:</source>
        <translation>签名含义：</translation>
    </message>
    <message>
        <source>Signed by:</source>
        <translation>签名人：</translation>
    </message>
    <message>
        <source>{name} ({username})</source>
        <translation>{name}（{username}）</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Close without signing</source>
        <translation>不签名关闭</translation>
    </message>
    <message>
        <source>Your signature records your printed name, the date and time, this meaning, and a fingerprint of the record. It is the legal equivalent of your handwritten signature.</source>
        <translation>您的签名将记录您的姓名、日期和时间、签名含义以及该记录的数字指纹，与您的手写签名具有同等法律效力。</translation>
    </message>
    <message>
        <source>Type your password to sign.</source>
        <translation>请输入密码以签名。</translation>
    </message>
    <message>
        <source>Give your reason to sign anyway.</source>
        <translation>请填写仍然签名的理由。</translation>
    </message>
</context>
<context>
    <name>EcgDialog</name>
    <message>
        <source>ECG of {subject}</source>
        <translation>{subject} 的心电图</translation>
    </message>
    <message>
        <source>Recorded on:</source>
        <translation>记录日期：</translation>
    </message>
    <message>
        <source>QT (ms):</source>
        <translation>QT（毫秒）：</translation>
    </message>
    <message>
        <source>e.g. 400</source>
        <translation>例如 400</translation>
    </message>
    <message>
        <source>Heart rate (/min):</source>
        <translation>心率（次/分）：</translation>
    </message>
    <message>
        <source>or give the RR interval</source>
        <translation>或填写 RR 间期</translation>
    </message>
    <message>
        <source>RR interval (ms):</source>
        <translation>RR 间期（毫秒）：</translation>
    </message>
    <message>
        <source>or give the heart rate</source>
        <translation>或填写心率</translation>
    </message>
    <message>
        <source>Enter the QT interval in ms as a number.</source>
        <translation>请以数字填写 QT 间期（毫秒）。</translation>
    </message>
    <message>
        <source>Give either the heart rate or the RR interval, not both.</source>
        <translation>请填写心率或 RR 间期其中之一，不要两者都填。</translation>
    </message>
    <message>
        <source>Enter the heart rate as a number.</source>
        <translation>请以数字填写心率。</translation>
    </message>
    <message>
        <source>Enter the RR interval in ms as a number.</source>
        <translation>请以数字填写 RR 间期（毫秒）。</translation>
    </message>
</context>
<context>
    <name>EcogDialog</name>
    <message>
        <source>ECOG of {subject}</source>
        <translation>{subject} 的 ECOG 评分</translation>
    </message>
    <message>
        <source>Assessed on:</source>
        <translation>评估日期：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>ECOG performance status:</source>
        <translation>ECOG 体能状态：</translation>
    </message>
    <message>
        <source>Choose the ECOG performance status.</source>
        <translation>请选择 ECOG 体能状态。</translation>
    </message>
</context>
<context>
    <name>EligibilityTab</name>
    <message>
        <source>met</source>
        <extracomment>The urine dipstick readings the core reads, in order.</extracomment>
        <translation>符合</translation>
    </message>
    <message>
        <source>not met</source>
        <translation>不符合</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限值</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Eligibility criteria</source>
        <translation>入组资格标准</translation>
    </message>
    <message>
        <source>ECG…</source>
        <translation>心电图…</translation>
    </message>
    <message>
        <source>LVEF…</source>
        <translation>左室射血分数…</translation>
    </message>
    <message>
        <source>Pregnancy test…</source>
        <translation>妊娠试验…</translation>
    </message>
    <message>
        <source>Urine dipstick…</source>
        <translation>尿试纸…</translation>
    </message>
    <message>
        <source>Live vaccine…</source>
        <translation>活疫苗…</translation>
    </message>
    <message>
        <source>ECOG…</source>
        <translation>ECOG 评分…</translation>
    </message>
    <message>
        <source>Attestations…</source>
        <translation>研究者确认…</translation>
    </message>
    <message>
        <source>The investigator&apos;s answer for each criterion judged, not measured</source>
        <translation>研究者对每条需判断（非测量）的标准的确认</translation>
    </message>
    <message>
        <source>Sign eligibility…</source>
        <translation>签署入组资格…</translation>
    </message>
    <message>
        <source>Enabled when every criterion is met or not applicable for the planned first dose</source>
        <translation>当每条标准对计划首次给药均符合或不适用时可用</translation>
    </message>
    <message>
        <source>Record a screen failure…</source>
        <translation>记录筛选失败…</translation>
    </message>
    <message>
        <source>Print checklist…</source>
        <translation>打印核对清单…</translation>
    </message>
    <message>
        <source>The checklist for the monitor&apos;s source verification, as a PDF</source>
        <translation>供监查员源数据核查的核对清单（PDF）</translation>
    </message>
    <message>
        <source>Record:</source>
        <translation>记录：</translation>
    </message>
    <message>
        <source>Eligible for a first dose on {day}: every criterion met or not applicable.</source>
        <translation>符合 {day} 首次给药的入组资格：每条标准均符合或不适用。</translation>
    </message>
    <message>
        <source>Not eligible for a first dose on {day}: {ids} not met.</source>
        <translation>不符合 {day} 首次给药的入组资格：{ids} 不符合。</translation>
    </message>
    <message>
        <source>Undecided for a first dose on {day}: {ids} missing.</source>
        <translation>{day} 首次给药的入组资格尚未确定：缺少 {ids}。</translation>
    </message>
    <message>
        <source>Choose a criterion to read it in full.</source>
        <translation>选择一条标准以查看全文。</translation>
    </message>
    <message>
        <source>value {value}</source>
        <translation>数值 {value}</translation>
    </message>
    <message>
        <source>limit {limit}</source>
        <translation>限值 {limit}</translation>
    </message>
    <message>
        <source>evidence of {day}</source>
        <translation>{day} 的依据</translation>
    </message>
    <message>
        <source>{id}: {text}
{facts}: {why}</source>
        <translation>{id}：{text}
{facts}：{why}</translation>
    </message>
    <message>
        <source>Signed eligible for a first dose on {day} by {name}, {when}.</source>
        <translation>{name} 已于 {when} 签署 {day} 首次给药的入组资格。</translation>
    </message>
    <message>
        <source>Screen failure recorded by {name}, {when}: {reason}</source>
        <translation>{name} 于 {when} 记录筛选失败：{reason}</translation>
    </message>
    <message>
        <source>ECG recorded for {subject}.</source>
        <translation>已记录 {subject} 的心电图。</translation>
    </message>
    <message>
        <source>LVEF recorded for {subject}.</source>
        <translation>已记录 {subject} 的左室射血分数（LVEF）。</translation>
    </message>
    <message>
        <source>Pregnancy test recorded for {subject}.</source>
        <translation>已记录 {subject} 的妊娠试验。</translation>
    </message>
    <message>
        <source>Urine dipstick recorded for {subject}.</source>
        <translation>已记录 {subject} 的尿试纸检测。</translation>
    </message>
    <message>
        <source>Live vaccine history recorded for {subject}.</source>
        <translation>已记录 {subject} 的活疫苗接种史。</translation>
    </message>
    <message>
        <source>ECOG recorded for {subject}.</source>
        <translation>已记录 {subject} 的 ECOG 评分。</translation>
    </message>
    <message>
        <source>Attestations recorded for {subject}.</source>
        <translation>已记录 {subject} 的研究者确认。</translation>
    </message>
    <message>
        <source>The eligibility of {subject} for a first dose on {day}: every criterion met or not applicable, as the Eligibility tab shows.</source>
        <translation>{subject} 于 {day} 首次给药的入组资格：如“入组资格”页所示，每条标准均符合或不适用。</translation>
    </message>
    <message>
        <source>{subject} signed eligible for a first dose on {day}.</source>
        <translation>已签署 {subject} 于 {day} 首次给药的入组资格。</translation>
    </message>
    <message>
        <source>Screen failure recorded for {subject}: the subject is off study.</source>
        <translation>已记录 {subject} 筛选失败：受试者已退出研究。</translation>
    </message>
    <message>
        <source>Eligibility checklist of subject {number}</source>
        <translation>受试者 {number} 的入选资格核查表</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>Enrol a subject</source>
        <translation>入组受试者</translation>
    </message>
    <message>
        <source>as the laboratory and the wards write it</source>
        <translation>与检验科和病房书写一致</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>The patient&apos;s calendar and wristband are printed in this language.</source>
        <translation>患者的就诊日历和腕带将以此语言打印。</translation>
    </message>
    <message>
        <source>empty: none known</source>
        <translation>留空：无已知过敏</translation>
    </message>
    <message>
        <source>Liver metastases</source>
        <translation>肝转移</translation>
    </message>
    <message>
        <source>Can become pregnant</source>
        <translation>有生育可能</translation>
    </message>
    <message>
        <source>A pregnancy test is then needed before C1D1.</source>
        <translation>C1D1 前需要进行妊娠试验。</translation>
    </message>
    <message>
        <source>Screening done on:</source>
        <translation>筛选完成日期：</translation>
    </message>
    <message>
        <source>Subject number:</source>
        <translation>受试者编号：</translation>
    </message>
    <message>
        <source>Initials:</source>
        <translation>姓名缩写：</translation>
    </message>
    <message>
        <source>Hospital number:</source>
        <translation>住院号/病历号：</translation>
    </message>
    <message>
        <source>Date of birth:</source>
        <translation>出生日期：</translation>
    </message>
    <message>
        <source>Sex:</source>
        <translation>性别：</translation>
    </message>
    <message>
        <source>Reads:</source>
        <translation>阅读语言：</translation>
    </message>
    <message>
        <source>Baseline weight (kg):</source>
        <translation>基线体重（kg）：</translation>
    </message>
    <message>
        <source>Height (cm):</source>
        <translation>身高（cm）：</translation>
    </message>
    <message>
        <source>Allergies:</source>
        <translation>过敏史：</translation>
    </message>
    <message>
        <source>Planned C1D1 (first dose):</source>
        <translation>计划 C1D1（首次给药）：</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>入组</translation>
    </message>
    <message>
        <source>Enter the baseline weight and the height as numbers.</source>
        <translation>请以数字输入基线体重和身高。</translation>
    </message>
</context>
<context>
    <name>ExportDataDialog</name>
    <message>
        <source>SAS transport v5 (.xpt)</source>
        <extracomment>The formats in the order the services write them (app.export.writers.FORMATS, not imported here: it loads the libraries that write the files).</extracomment>
        <translation>SAS 传输格式 v5 (.xpt)</translation>
    </message>
    <message>
        <source>CDISC Dataset-JSON v1.1 (.json)</source>
        <translation>CDISC Dataset-JSON v1.1 格式 (.json)</translation>
    </message>
    <message>
        <source>CSV, one file per domain (.csv)</source>
        <translation>CSV，每个域一个文件 (.csv)</translation>
    </message>
    <message>
        <source>Export trial data</source>
        <translation>导出试验数据</translation>
    </message>
    <message>
        <source>The folder to write the files into</source>
        <translation>写入文件的文件夹</translation>
    </message>
    <message>
        <source>&amp;Choose…</source>
        <translation>选择(&amp;C)…</translation>
    </message>
    <message>
        <source>Every subject</source>
        <translation>全部受试者</translation>
    </message>
    <message>
        <source>Only the subjects ticked below</source>
        <translation>仅下方勾选的受试者</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Formats:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Subjects:</source>
        <translation>受试者：</translation>
    </message>
    <message>
        <source>DM, DS, EX, EC, AE, LB, VS and SV, with define.html describing them. The export changes no record; it is kept on the audit trail with who exported and the fingerprint of every file.</source>
        <translation>DM、DS、EX、EC、AE、LB、VS 和 SV 数据集，并附说明它们的 define.html。导出不更改任何记录；导出人及每个文件的指纹记入审计追踪。</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>The trial&apos;s CDISC SDTM datasets</source>
        <translation>本试验的 CDISC SDTM 数据集</translation>
    </message>
    <message>
        <source>Choose the folder to write the files into.</source>
        <translation>请选择写入文件的文件夹。</translation>
    </message>
    <message>
        <source>There is no folder {folder}: choose a folder that exists.</source>
        <translation>文件夹 {folder} 不存在：请选择一个已存在的文件夹。</translation>
    </message>
    <message>
        <source>Tick at least one format.</source>
        <translation>请至少勾选一种格式。</translation>
    </message>
    <message>
        <source>Tick at least one subject, or choose every subject.</source>
        <translation>请至少勾选一名受试者，或选择全部受试者。</translation>
    </message>
    <message>
        <source>Exported into {folder}: {count} files.</source>
        <translation>已导出到 {folder}：共 {count} 个文件。</translation>
    </message>
    <message>
        <source>Subjects: {count}</source>
        <translation>受试者：{count} 名</translation>
    </message>
    <message>
        <source>Rows per domain:</source>
        <translation>各域行数：</translation>
    </message>
    <message>
        <source>{domain}: {count}</source>
        <translation>{domain}：{count} 行</translation>
    </message>
    <message>
        <source>Files written:</source>
        <translation>已写入的文件：</translation>
    </message>
</context>
<context>
    <name>ExposureScreen</name>
    <message>
        <source>stopped</source>
        <extracomment>Under this RDI (%) a row is painted orange: the usual threshold of a &quot;relative dose intensity maintained&quot;. The columns of sentences (delays, holds, reductions, end of treatment) wrap at this width, in pixels.</extracomment>
        <translation>停药</translation>
    </message>
    <message>
        <source>{day}: {before} → {after} mg/kg: {reason}</source>
        <translation>{day}：{before} → {after} mg/kg：{reason}</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Doses</source>
        <translation>给药次数</translation>
    </message>
    <message>
        <source>Cumulative
(mg)</source>
        <translation>累计剂量
(mg)</translation>
    </message>
    <message>
        <source>Cumulative
(mg/kg)</source>
        <translation>累计剂量
(mg/kg)</translation>
    </message>
    <message>
        <source>Planned
(mg/kg/week)</source>
        <translation>计划剂量强度
(mg/kg/周)</translation>
    </message>
    <message>
        <source>Delivered
(mg/kg/week)</source>
        <translation>实际剂量强度
(mg/kg/周)</translation>
    </message>
    <message>
        <source>RDI (%)</source>
        <translation>相对剂量强度 RDI (%)</translation>
    </message>
    <message>
        <source>Delays</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Reductions</source>
        <translation>减量</translation>
    </message>
    <message>
        <source>End of treatment</source>
        <translation>治疗结束</translation>
    </message>
    <message>
        <source>Exposure per subject</source>
        <translation>各受试者的药物暴露</translation>
    </message>
    <message>
        <source>Planned dose intensity: the starting level × the doses a cycle ÷ the weeks a cycle. Delivered: the mg/kg given ÷ the weeks from the first dose to one dose interval after the last. RDI = delivered ÷ planned; under 85 % in orange.</source>
        <translation>计划剂量强度：起始剂量水平 × 每周期给药次数 ÷ 每周期周数。实际剂量强度：已给予的 mg/kg ÷ 从首次给药到末次给药后一个给药间隔的周数。相对剂量强度 RDI = 实际 ÷ 计划；低于 85 % 以橙色显示。</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Print report…</source>
        <translation>打印报告(&amp;P)…</translation>
    </message>
    <message>
        <source>Dose intensity per subject</source>
        <translation>各受试者的剂量强度</translation>
    </message>
    <message>
        <source>Subjects: {count}</source>
        <translation>受试者：{count} 名</translation>
    </message>
    <message>
        <source>Dose intensity</source>
        <translation>剂量强度</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>First start: create the administrator</source>
        <translation>首次启动：创建管理员</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Full name (printed on signatures):</source>
        <translation>姓名（打印在签名上）：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Password again:</source>
        <translation>再次输入密码：</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>创建账户</translation>
    </message>
    <message>
        <source>No one has an account on this database yet. Create the first administrator account; the administrator then adds everyone else under Admin.</source>
        <translation>此数据库尚无任何账户。请创建第一个管理员账户，之后由管理员在“管理”中添加其他用户。</translation>
    </message>
    <message>
        <source>Welcome to DoseDesk</source>
        <translation>欢迎使用 DoseDesk</translation>
    </message>
    <message>
        <source>Fill in the user name, the full name and the password.</source>
        <translation>请填写用户名、姓名和密码。</translation>
    </message>
    <message>
        <source>The two passwords are not the same. Type them again.</source>
        <translation>两次输入的密码不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>ImportLabsDialog</name>
    <message>
        <source>new</source>
        <translation>新结果</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>already held</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>not matched</source>
        <translation>未匹配</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Import labs</source>
        <translation>导入检验结果</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>尚未选择文件。</translation>
    </message>
    <message>
        <source>&amp;Choose a file…</source>
        <translation>选择文件(&amp;C)…</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>参考范围</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>采集时间</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Import the readable rows only</source>
        <translation>仅导入可读取的行</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Import labs from the laboratory</source>
        <translation>从检验科导入检验结果</translation>
    </message>
    <message>
        <source>Laboratory files ({patterns})</source>
        <translation>检验科文件 ({patterns})</translation>
    </message>
    <message>
        <source>Nothing can be imported while the file has rows that cannot be read: have the laboratory send it again, or import its readable rows only.</source>
        <translation>文件中有无法读取的行，因此无法导入：请检验科重新发送，或仅导入可读取的行。</translation>
    </message>
    <message>
        <source>{results} results: {new} new, {corrections} corrections, {held} already held, {unmatched} not matched, {unreadable} unreadable.</source>
        <translation>共 {results} 项结果：新结果 {new} 项，更正 {corrections} 项，已存在 {held} 项，未匹配 {unmatched} 项，无法读取 {unreadable} 项。</translation>
    </message>
    <message>
        <source>Unknown test codes: {items}</source>
        <translation>未知项目代码：{items}</translation>
    </message>
    <message>
        <source>Unknown units: {items}</source>
        <translation>未知单位：{items}</translation>
    </message>
    <message>
        <source>Unknown hospital numbers: {items}</source>
        <translation>未知住院号：{items}</translation>
    </message>
    <message>
        <source>Nothing in this file is new: there is nothing to import.</source>
        <translation>此文件中没有新结果，无需导入。</translation>
    </message>
    <message>
        <source>Imported {count} results; {replaced} replaced by the laboratory&apos;s corrections.</source>
        <translation>已导入 {count} 项结果；{replaced} 项被检验科的更正替换。</translation>
    </message>
    <message>
        <source>Imported {count} results.</source>
        <translation>已导入 {count} 项结果。</translation>
    </message>
</context>
<context>
    <name>InterruptionDialog</name>
    <message>
        <source>Pause the infusion of order {number}</source>
        <translation>暂停医嘱 {number} 的输注</translation>
    </message>
    <message>
        <source>Record the interruption</source>
        <translation>记录暂停</translation>
    </message>
    <message>
        <source>It runs again already, since:</source>
        <translation>已恢复输注，时间：</translation>
    </message>
    <message>
        <source>Paused at:</source>
        <translation>暂停时间：</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Say why the infusion was paused.</source>
        <translation>请说明暂停输注的原因。</translation>
    </message>
</context>
<context>
    <name>LabsDialog</name>
    <message>
        <source>Record labs for {subject}</source>
        <translation>为 {subject} 记录化验结果</translation>
    </message>
    <message>
        <source>Collected &amp;on:</source>
        <translation>采样日期(&amp;O)：</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>ULN</source>
        <translation>正常值上限（ULN）</translation>
    </message>
    <message>
        <source>LLN</source>
        <translation>正常值下限（LLN）</translation>
    </message>
    <message>
        <source>{lab}: result</source>
        <translation>{lab}：结果</translation>
    </message>
    <message>
        <source>{lab}: lower limit of normal</source>
        <translation>{lab}：正常值下限</translation>
    </message>
    <message>
        <source>{lab}: upper limit of normal</source>
        <translation>{lab}：正常值上限</translation>
    </message>
    <message>
        <source>Enter each value, LLN and ULN as a number.</source>
        <translation>请将各项数值、正常值下限和上限填写为数字。</translation>
    </message>
    <message>
        <source>Enter at least one result.</source>
        <translation>请至少输入一项结果。</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>Sign in again</source>
        <translation>请重新登录</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Sign in as someone else…</source>
        <translation>以其他用户登录…</translation>
    </message>
    <message>
        <source>DoseDesk is locked</source>
        <translation>DoseDesk 已锁定</translation>
    </message>
    <message>
        <source>DoseDesk locked itself after a time without use.</source>
        <translation>DoseDesk 在一段时间无操作后已自动锁定。</translation>
    </message>
    <message>
        <source>You locked DoseDesk.</source>
        <translation>您已锁定 DoseDesk。</translation>
    </message>
    <message>
        <source>Everything you had typed is kept. Type your password to go on. If someone else signs in, your unsaved forms are saved as drafts for you and your work is closed.</source>
        <translation>您输入的所有内容都已保留。请输入密码继续。如果其他人登录，您未保存的表单会为您保存为草稿，您的工作将被关闭。</translation>
    </message>
    <message>
        <source>Signed in: {name} ({user})</source>
        <translation>已登录：{name}（{user}）</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
    </message>
</context>
<context>
    <name>LotTableModel</name>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Dispensed</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Destroyed</source>
        <translation>销毁</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>现存</translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation>废弃</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结余</translation>
    </message>
    <message>
        <source> (expired)</source>
        <translation>（已过期）</translation>
    </message>
    <message>
        <source>reconciles</source>
        <translation>账实相符</translation>
    </message>
    <message>
        <source>DOES NOT RECONCILE</source>
        <translation>账实不符</translation>
    </message>
</context>
<context>
    <name>LvefDialog</name>
    <message>
        <source>LVEF of {subject}</source>
        <translation>{subject} 的左室射血分数（LVEF）</translation>
    </message>
    <message>
        <source>Measured on:</source>
        <translation>测量日期：</translation>
    </message>
    <message>
        <source>LVEF (%):</source>
        <translation>左室射血分数 LVEF（%）：</translation>
    </message>
    <message>
        <source>e.g. 60</source>
        <translation>例如 60</translation>
    </message>
    <message>
        <source>Enter the LVEF in % as a number.</source>
        <translation>请以数字填写 LVEF（%）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>医嘱</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Exposure</source>
        <translation>药物暴露</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>pharmacist</source>
        <translation>药师</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>研究协调员</translation>
    </message>
    <message>
        <source>investigator</source>
        <translation>研究者</translation>
    </message>
    <message>
        <source>nurse</source>
        <translation>护士</translation>
    </message>
    <message>
        <source>DoseDesk</source>
        <translation>DoseDesk</translation>
    </message>
    <message>
        <source>Screens</source>
        <translation>界面</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import labs…</source>
        <translation>导入检验结果(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export trial data…</source>
        <translation>导出试验数据(&amp;E)…</translation>
    </message>
    <message>
        <source>The trial&apos;s CDISC SDTM datasets, for the investigator and the administrator</source>
        <translation>本试验的 CDISC SDTM 数据集，供研究者和管理员使用</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Switch user…</source>
        <translation>切换用户(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;As this workstation</source>
        <translation>与本工作站相同(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Idle lock…</source>
        <translation>闲置锁定(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About DoseDesk</source>
        <translation>关于 DoseDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Signed in: {name} ({roles})</source>
        <translation>已登录：{name}（{roles}）</translation>
    </message>
    <message>
        <source>Import labs</source>
        <translation>导入检验结果</translation>
    </message>
    <message>
        <source>Laboratory files ({patterns})</source>
        <translation>检验科文件 ({patterns})</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Idle lock</source>
        <translation>闲置锁定</translation>
    </message>
    <message>
        <source>Lock the window after this many minutes without use:</source>
        <translation>无操作多少分钟后锁定窗口：</translation>
    </message>
    <message>
        <source>About DoseDesk</source>
        <translation>关于 DoseDesk</translation>
    </message>
    <message>
        <source>DoseDesk {version}
Pharmacy and coordinator desk for trial NCT07343453.</source>
        <translation>DoseDesk {version}
临床试验 NCT07343453 的药房与研究协调工作台。</translation>
    </message>
</context>
<context>
    <name>MovementTableModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>In</source>
        <translation>入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>出</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>结余</translation>
    </message>
    <message>
        <source>Waste</source>
        <translation>废弃</translation>
    </message>
    <message>
        <source>Order / shipment</source>
        <translation>医嘱 / 货运</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>签名人</translation>
    </message>
    <message>
        <source>shipment {reference}</source>
        <translation>货运 {reference}</translation>
    </message>
    <message>
        <source>order {order} · {subject} · {visit}</source>
        <translation>医嘱 {order} · {subject} · {visit}</translation>
    </message>
</context>
<context>
    <name>NotYetScreen</name>
    <message>
        <source>This part of DoseDesk is not available in this version yet.</source>
        <translation>此版本的 DoseDesk 尚未提供这部分功能。</translation>
    </message>
</context>
<context>
    <name>OpRunner</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OrderSteps</name>
    <message>
        <source>Prescribe…</source>
        <translation>开具…</translation>
    </message>
    <message>
        <source>Verify blind…</source>
        <translation>盲态核对…</translation>
    </message>
    <message>
        <source>Prepare…</source>
        <translation>配制…</translation>
    </message>
    <message>
        <source>Check the bag…</source>
        <translation>复核输液袋…</translation>
    </message>
    <message>
        <source>Make the bag again…</source>
        <translation>重新配制输液袋…</translation>
    </message>
    <message>
        <source>Start the infusion…</source>
        <translation>开始输注…</translation>
    </message>
    <message>
        <source>End the infusion…</source>
        <translation>结束输注…</translation>
    </message>
    <message>
        <source>Pause…</source>
        <translation>暂停…</translation>
    </message>
    <message>
        <source>Running again</source>
        <translation>恢复输注</translation>
    </message>
    <message>
        <source>Infusion reaction…</source>
        <translation>输注反应…</translation>
    </message>
    <message>
        <source>Cancel the order…</source>
        <translation>取消医嘱…</translation>
    </message>
    <message>
        <source>{mark} {lab} {value} (limit {limit})</source>
        <translation>{mark} {lab} {value}（限值 {limit}）</translation>
    </message>
    <message>
        <source>Order {number}: {final} for subject {subject}, {visit}</source>
        <translation>医嘱 {number}：受试者 {subject}，{visit}，{final}</translation>
    </message>
    <message>
        <source>The criteria to treat of {visit} on {day} are not met:</source>
        <translation>{visit} 在 {day} 未满足治疗标准：</translation>
    </message>
    <message>
        <source>Prescribe although the criteria to treat are not met — reason (recorded and printed on the order)</source>
        <translation>虽未满足治疗标准仍开具——原因（将记录并打印在医嘱上）</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>prescribed</source>
        <translation>已开具</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>prepared, to check</source>
        <translation>已配制，待复核</translation>
    </message>
    <message>
        <source>checked, to give</source>
        <translation>已复核，待输注</translation>
    </message>
    <message>
        <source>running</source>
        <translation>输注中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>administered</source>
        <translation>已给药</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>已被替代</translation>
    </message>
    <message>
        <source>EXPIRED — do not give</source>
        <translation>已过期——不得给药</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>use before {time} ({left} left)</source>
        <translation>请于 {time} 前使用（还剩 {left}）</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>医嘱</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Use before</source>
        <translation>使用期限</translation>
    </message>
    <message>
        <source>Open orders only</source>
        <translation>只显示未完成的医嘱</translation>
    </message>
    <message>
        <source>Verified blind</source>
        <translation>盲态核对</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始输注</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束输注</translation>
    </message>
    <message>
        <source>Given by {nurse} (as typed) · {when}; recorded by {who}</source>
        <translation>由 {nurse}（按录入）给药 · {when}；{who} 记录</translation>
    </message>
    <message>
        <source>Order sheet…</source>
        <translation>医嘱单…</translation>
    </message>
    <message>
        <source>Bag label…</source>
        <translation>输液袋标签…</translation>
    </message>
    <message>
        <source>Printed in:</source>
        <translation>打印语言：</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>医嘱</translation>
    </message>
    <message>
        <source>Choose an order.</source>
        <translation>请选择一条医嘱。</translation>
    </message>
    <message>
        <source>Checking the criteria to treat…</source>
        <translation>正在核对给药标准…</translation>
    </message>
    <message>
        <source>Criteria to treat: {problem}</source>
        <translation>给药标准：{problem}</translation>
    </message>
    <message>
        <source>Criteria to treat on {day}: met</source>
        <translation>{day} 的给药标准：符合</translation>
    </message>
    <message>
        <source>Criteria to treat on {day}: awaiting labs</source>
        <translation>{day} 的给药标准：等待检验结果</translation>
    </message>
    <message>
        <source>Criteria to treat on {day}: NOT met</source>
        <translation>{day} 的给药标准：不符合</translation>
    </message>
    <message>
        <source>Order {number} · {status}</source>
        <translation>医嘱 {number} · {status}</translation>
    </message>
    <message>
        <source>Subject {number} ({initials}, born {birth}) · {visit} planned {day}</source>
        <translation>受试者 {number}（{initials}，出生于 {birth}）· {visit} 计划于 {day}</translation>
    </message>
    <message>
        <source>Allergies: {allergies}</source>
        <translation>过敏史：{allergies}</translation>
    </message>
    <message>
        <source>No known allergies</source>
        <translation>无已知过敏</translation>
    </message>
    <message>
        <source>Protocol {id} {version}{unconfirmed}</source>
        <translation>方案 {id} {version}{unconfirmed}</translation>
    </message>
    <message>
        <source>(not signed off)</source>
        <translation>（未签批）</translation>
    </message>
    <message>
        <source>Weight {weight} measured {day} ({change} from baseline {baseline})</source>
        <translation>体重 {weight}，测量于 {day}（较基线 {baseline} 变化 {change}）</translation>
    </message>
    <message>
        <source>Dose level {level}</source>
        <translation>剂量水平 {level}</translation>
    </message>
    <message>
        <source>The figures are hidden until you verify: recompute the dose blind from the weight and the dose level (Verify blind…).</source>
        <translation>核对前不显示医嘱数据：请根据体重和剂量水平盲态重新计算剂量（盲态核对…）。</translation>
    </message>
    <message>
        <source>Dose level {level}; calculated dose {calculated}; final dose {final}</source>
        <translation>剂量水平 {level}；计算剂量 {calculated}；最终剂量 {final}</translation>
    </message>
    <message>
        <source>{vials} vial(s); draw {volume} at {concentration}; waste {waste}</source>
        <translation>{vials} 瓶；按 {concentration} 抽取 {volume}；废弃 {waste}</translation>
    </message>
    <message>
        <source>Bag {bag}; final concentration {final}; infusion {minutes}</source>
        <translation>输液袋 {bag}；终浓度 {final}；输注 {minutes}</translation>
    </message>
    <message>
        <source>Reduced: {reason}</source>
        <translation>已减量：{reason}</translation>
    </message>
    <message>
        <source>⚠ Prescribed although the criteria to treat were not met: {reason}</source>
        <translation>⚠ 未符合给药标准仍开具医嘱：{reason}</translation>
    </message>
    <message>
        <source>Lot {lot} (expires {expiry}): {vials} vial(s), {volume} drawn</source>
        <translation>批号 {lot}（有效期至 {expiry}）：{vials} 瓶，抽取 {volume}</translation>
    </message>
    <message>
        <source>Use before {when}</source>
        <translation>请于 {when} 前使用</translation>
    </message>
    <message>
        <source>Bag {bag} (prepared {when}) wasted {wasted}</source>
        <translation>第 {bag} 袋（{when} 配制）于 {wasted} 废弃</translation>
    </message>
    <message>
        <source>Running since {start}; due to end {end}</source>
        <translation>自 {start} 起输注；预计 {end} 结束</translation>
    </message>
    <message>
        <source>Paused {start} to {end}: {why}</source>
        <translation>{start} 至 {end} 暂停：{why}</translation>
    </message>
    <message>
        <source>⚠ Infusion reaction at {when}: {what}</source>
        <translation>⚠ {when} 发生输注反应：{what}</translation>
    </message>
    <message>
        <source>Given {volume} = {dose}</source>
        <translation>已输入 {volume} = {dose}</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Prescribed</source>
        <translation>已开具</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>已配制</translation>
    </message>
    <message>
        <source>{step}: {who} · {when}</source>
        <translation>{step}：{who} · {when}</translation>
    </message>
    <message>
        <source>Cancelled by {who}: {reason}</source>
        <translation>由 {who} 取消：{reason}</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>医嘱 {number}</translation>
    </message>
    <message>
        <source>Bag label {number}</source>
        <translation>输液袋标签 {number}</translation>
    </message>
</context>
<context>
    <name>PaperLanguageDialog</name>
    <message>
        <source>&amp;Print in:</source>
        <translation>打印语言(&amp;P)：</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
</context>
<context>
    <name>PatientListModel</name>
    <message>
        <source>screening</source>
        <translation>筛选中</translation>
    </message>
    <message>
        <source>screen failed</source>
        <translation>筛选失败</translation>
    </message>
    <message>
        <source>on treatment</source>
        <translation>治疗中</translation>
    </message>
    <message>
        <source>follow-up</source>
        <translation>随访中</translation>
    </message>
    <message>
        <source>off study</source>
        <translation>已出组</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Dose level</source>
        <translation>剂量水平</translation>
    </message>
    <message>
        <source>Next visit</source>
        <translation>下次访视</translation>
    </message>
</context>
<context>
    <name>PatientsScreen</name>
    <message>
        <source>Filter: subject number, initials, status, visit…</source>
        <translation>筛选：受试者编号、姓名缩写、状态、访视…</translation>
    </message>
    <message>
        <source>Enrol a subject…</source>
        <translation>入组受试者…</translation>
    </message>
    <message>
        <source>Print calendars of the patients shown…</source>
        <translation>打印所显示受试者的日程…</translation>
    </message>
    <message>
        <source>Choose a patient in the list to see the chart.</source>
        <translation>在列表中选择一位受试者以查看病历。</translation>
    </message>
    <message>
        <source>Patients</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Search patients</source>
        <translation>查找受试者</translation>
    </message>
    <message numerus="yes">
        <source>%n patient(s) shown</source>
        <translation>
            <numerusform>显示 %n 位受试者</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in all</source>
        <translation>
            <numerusform>共 %n 位</numerusform>
        </translation>
    </message>
    <message>
        <source>subject {number}</source>
        <translation>受试者 {number}</translation>
    </message>
    <message numerus="yes">
        <source>Calendars of %n patient(s)</source>
        <translation>
            <numerusform>%n 位受试者的日程</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PregnancyTestDialog</name>
    <message>
        <source>Pregnancy test of {subject}</source>
        <translation>{subject} 的妊娠试验</translation>
    </message>
    <message>
        <source>Sampled on:</source>
        <translation>采样日期：</translation>
    </message>
    <message>
        <source>Serum</source>
        <translation>血清</translation>
    </message>
    <message>
        <source>Urine</source>
        <translation>尿液</translation>
    </message>
    <message>
        <source>Choose the result…</source>
        <translation>选择结果…</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>阴性</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>阳性</translation>
    </message>
    <message>
        <source>Indeterminate</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>检测：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Choose the test&apos;s result.</source>
        <translation>请选择检测结果。</translation>
    </message>
</context>
<context>
    <name>PrepareDialog</name>
    <message>
        <source>Prepare order {number}</source>
        <translation>配制医嘱 {number}</translation>
    </message>
    <message>
        <source>Sign the preparation</source>
        <translation>签名确认配制</translation>
    </message>
    <message>
        <source>{vials} vial(s); draw {volume} in all ({concentration})</source>
        <translation>{vials} 瓶；共抽取 {volume}（{concentration}）</translation>
    </message>
    <message>
        <source>The order needs:</source>
        <translation>医嘱需要：</translation>
    </message>
    <message>
        <source>From stock:</source>
        <translation>库存建议：</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Vials</source>
        <translation>瓶数</translation>
    </message>
    <message>
        <source>Volume drawn (mL)</source>
        <translation>抽取体积（mL）</translation>
    </message>
    <message>
        <source>Add a lot</source>
        <translation>添加批号</translation>
    </message>
    <message>
        <source>Kept at 2–8 °C (else room temperature)</source>
        <translation>2–8 °C 冷藏保存（否则为室温）</translation>
    </message>
    <message>
        <source>g, before the drug goes in</source>
        <translation>克，加药前</translation>
    </message>
    <message>
        <source>Diluent bag weight (g):</source>
        <translation>稀释液袋重量（克）：</translation>
    </message>
    <message>
        <source>{lot} ({vials} vial(s))</source>
        <translation>{lot}（{vials} 瓶）</translation>
    </message>
    <message>
        <source>first expiry first out: {lots}</source>
        <translation>近效期先出：{lots}</translation>
    </message>
    <message>
        <source>no lot of this protocol is in stock</source>
        <translation>库存中没有本方案的批号</translation>
    </message>
    <message>
        <source>Remove this lot</source>
        <translation>移除此批号</translation>
    </message>
    <message>
        <source>Lot {lot} is quarantined ({why}): it may not be dispensed.</source>
        <translation>批号 {lot} 已隔离（{why}）：不得发放。</translation>
    </message>
    <message>
        <source>Lot {lot} expired on {day}: it may not be dispensed.</source>
        <translation>批号 {lot} 已于 {day} 过期：不得发放。</translation>
    </message>
    <message numerus="yes">
        <source>expires {day} · %n vial(s) on hand</source>
        <translation>
            <numerusform>有效期至 {day} · 库存 %n 瓶</numerusform>
        </translation>
    </message>
    <message>
        <source>{vials} of {need} vial(s) · {volume} of {need_volume}</source>
        <translation>{vials} / {need} 瓶 · {volume} / {need_volume}</translation>
    </message>
    <message>
        <source>Give each lot&apos;s number and the volume drawn from it.</source>
        <translation>请填写每个批号及从中抽取的体积。</translation>
    </message>
    <message>
        <source>Weigh the diluent bag before adding the drug and enter grams.</source>
        <translation>加药前请称量稀释液袋并填写克数。</translation>
    </message>
    <message>
        <source>Prepared at:</source>
        <translation>配制时间：</translation>
    </message>
</context>
<context>
    <name>PrintPreview</name>
    <message>
        <source>This document could not be shown: it is not a PDF.</source>
        <translation>无法显示此文档：它不是 PDF 文件。</translation>
    </message>
    <message>
        <source>This document could not be shown: the PDF is damaged.</source>
        <translation>无法显示此文档：PDF 文件已损坏。</translation>
    </message>
    <message>
        <source>The printer could not be started. Check that it is connected.</source>
        <translation>无法启动打印机，请检查打印机是否已连接。</translation>
    </message>
</context>
<context>
    <name>PrintPreviewDialog</name>
    <message>
        <source>Print preview: {title}</source>
        <translation>打印预览：{title}</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>共 %n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>另存为 PDF…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>另存为 PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>The file could not be saved: {reason}</source>
        <translation>无法保存文件：{reason}</translation>
    </message>
</context>
<context>
    <name>ProtocolModel</name>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>unconfirmed default</source>
        <translation>未确认的默认值</translation>
    </message>
    <message>
        <source>public source</source>
        <translation>公开来源</translation>
    </message>
    <message>
        <source>No public source confirms this value; the site pharmacy manual decides it.</source>
        <translation>此数值未经公开来源确认，由本中心药房手册决定。</translation>
    </message>
</context>
<context>
    <name>ProtocolReviewDialog</name>
    <message>
        <source>Review the unconfirmed values</source>
        <translation>审核未确认的数值</translation>
    </message>
    <message>
        <source>No public source confirms these {count} values of protocol {id} version {version}. Check each against the site pharmacy manual and confirm it; Approve… opens when every value is confirmed.</source>
        <translation>方案 {id} 第 {version} 版的这 {count} 个数值没有公开来源可以确认。请逐一对照本中心药房手册核对并确认；所有数值都确认后才能打开“批准…”。</translation>
    </message>
    <message>
        <source>A value that is wrong cannot be changed in this version: do not approve it. The protocol file must be amended and registered as a new version, which is reviewed and approved in its turn.</source>
        <translation>错误的数值不能在本版本中更改：请不要批准。必须修订方案文件并登记为新版本，新版本再经审核和批准。</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值名称</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设定值</translation>
    </message>
    <message>
        <source>Note in the protocol file</source>
        <translation>方案文件中的说明</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>No note in the protocol file: the site pharmacy manual decides it.</source>
        <translation>方案文件中没有说明：以本中心药房手册为准。</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Unconfirmed values</source>
        <translation>未确认的数值</translation>
    </message>
    <message>
        <source>&amp;Confirm the chosen values</source>
        <translation>确认所选数值(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>批准(&amp;A)…</translation>
    </message>
    <message>
        <source>{done} of {count} values confirmed</source>
        <translation>已确认 {done} / {count} 个数值</translation>
    </message>
</context>
<context>
    <name>ProtocolScreen</name>
    <message>
        <source>{title} — version {version}</source>
        <translation>{title} — 版本 {version}</translation>
    </message>
    <message>
        <source>Show only unconfirmed values</source>
        <translation>只显示未确认的数值</translation>
    </message>
    <message>
        <source>Protocol values</source>
        <translation>方案数值</translation>
    </message>
    <message>
        <source>Review done: approve this version…</source>
        <translation>审核完成：批准此版本…</translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) no public source confirms</source>
        <translation>
            <numerusform>%n 个数值未经公开来源确认</numerusform>
        </translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Sign-off state: not known yet.</source>
        <translation>签批状态：尚不清楚。</translation>
    </message>
    <message>
        <source>Approved by {name} ({roles}) on {when}.</source>
        <translation>{name}（{roles}）已于 {when} 批准。</translation>
    </message>
    <message>
        <source>Signed off by {name} on {when}. This version is frozen.</source>
        <translation>已由 {name} 于 {when} 签批。此版本已冻结。</translation>
    </message>
    <message>
        <source>Not signed off: values marked unconfirmed are defaults. Orders cannot be finalised until an investigator (the principal investigator) and a pharmacist have each reviewed them against the site pharmacy manual and approved this version.</source>
        <translation>尚未签署确认：标记为未确认的数值为默认值。须由一名研究者（主要研究者）和一名药师分别对照本中心药房手册审核并批准此版本后，医嘱才能定稿。</translation>
    </message>
    <message>
        <source>Awaiting the approval of: {roles}.</source>
        <translation>等待以下人员批准：{roles}。</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>Protocol {id} version {version} (fingerprint {fingerprint})</source>
        <translation>方案 {id} 版本 {version}（指纹 {fingerprint}）</translation>
    </message>
</context>
<context>
    <name>RangeDialog</name>
    <message>
        <source>Reference range</source>
        <translation>参考范围</translation>
    </message>
    <message>
        <source>Lab:</source>
        <translation>检验项目：</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Lower limit of normal (LLN):</source>
        <translation>正常值下限（LLN）：</translation>
    </message>
    <message>
        <source>Upper limit of normal (ULN):</source>
        <translation>正常值上限（ULN）：</translation>
    </message>
    <message>
        <source>Give the range&apos;s lower limit, its upper limit, or both.</source>
        <translation>请填写参考范围的下限、上限或两者。</translation>
    </message>
</context>
<context>
    <name>ReactionDialog</name>
    <message>
        <source>Infusion reaction during order {number}</source>
        <translation>医嘱 {number} 输注期间的输注反应</translation>
    </message>
    <message>
        <source>Record the reaction</source>
        <translation>记录反应</translation>
    </message>
    <message>
        <source>not graded (the investigator grades it)</source>
        <translation>未分级（由研究者分级）</translation>
    </message>
    <message>
        <source>CTCAE grade {n}</source>
        <translation>CTCAE {n} 级</translation>
    </message>
    <message>
        <source>At:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>What was seen and done:</source>
        <translation>所见及处理：</translation>
    </message>
    <message>
        <source>Grade:</source>
        <translation>分级：</translation>
    </message>
    <message>
        <source>Stop the infusion if it must not go on. The investigator is offered it as a toxicity.</source>
        <translation>如不能继续，请停止输注。该反应将提交研究者记录为毒性。</translation>
    </message>
    <message>
        <source>Say what was seen and done.</source>
        <translation>请说明所见及处理。</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
</context>
<context>
    <name>ReceiveShipmentDialog</name>
    <message>
        <source>Receive a shipment</source>
        <translation>接收货运</translation>
    </message>
    <message>
        <source>shipment or waybill number</source>
        <translation>货运单号或运单号</translation>
    </message>
    <message>
        <source>Lot number</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Vials</source>
        <translation>瓶数</translation>
    </message>
    <message>
        <source>Expiry (YYYY-MM-DD)</source>
        <translation>有效期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Strength (mg)</source>
        <translation>规格（mg）</translation>
    </message>
    <message>
        <source>Add a lot</source>
        <translation>添加批号</translation>
    </message>
    <message>
        <source>Remove the lot</source>
        <translation>移除该批号</translation>
    </message>
    <message>
        <source>Quarantine on arrival (e.g. a temperature excursion)</source>
        <translation>到货即隔离（例如温度偏离）</translation>
    </message>
    <message>
        <source>why the lots are set aside</source>
        <translation>隔离这些批号的原因</translation>
    </message>
    <message>
        <source>Why the lots are set aside</source>
        <translation>隔离原因</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Shipment:</source>
        <translation>货运：</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>接收日期：</translation>
    </message>
    <message>
        <source>Product:</source>
        <translation>产品：</translation>
    </message>
    <message>
        <source>Lots in the shipment, as printed on the vials:</source>
        <translation>本次货运中的批号（按药瓶上的印刷填写）：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <source>{where}: the vials must be a whole number.</source>
        <translation>{where}：瓶数必须为整数。</translation>
    </message>
    <message>
        <source>{where}: write the expiry as YYYY-MM-DD.</source>
        <translation>{where}：有效期请按 YYYY-MM-DD 填写。</translation>
    </message>
    <message>
        <source>{where}: the strength must be a number of mg.</source>
        <translation>{where}：规格必须为以 mg 计的数字。</translation>
    </message>
    <message>
        <source>Give the reason for the quarantine.</source>
        <translation>请填写隔离原因。</translation>
    </message>
</context>
<context>
    <name>RecordToxicityDialog</name>
    <message>
        <source>Continue treatment</source>
        <translation>继续治疗</translation>
    </message>
    <message>
        <source>Hold the dose</source>
        <translation>暂停给药</translation>
    </message>
    <message>
        <source>Discontinue treatment</source>
        <translation>终止治疗</translation>
    </message>
    <message>
        <source>Record a toxicity</source>
        <translation>记录毒性</translation>
    </message>
    <message>
        <source>Search CTCAE terms</source>
        <translation>搜索 CTCAE 术语</translation>
    </message>
    <message>
        <source>Search CTCAE terms, e.g. neutropenia, diarrhoea, rash</source>
        <translation>搜索 CTCAE 术语（中文、英文或 MedDRA 编码），例如 中性粒细胞、腹泻、neutropenia</translation>
    </message>
    <message>
        <source>CTCAE terms found</source>
        <translation>找到的 CTCAE 术语</translation>
    </message>
    <message>
        <source>Grade {n}</source>
        <translation>{n} 级</translation>
    </message>
    <message>
        <source>Confirm the proposed action</source>
        <translation>确认建议的处理</translation>
    </message>
    <message>
        <source>Override it</source>
        <translation>不采纳建议</translation>
    </message>
    <message>
        <source>Why the protocol&apos;s proposal is not followed</source>
        <translation>不按方案建议处理的原因</translation>
    </message>
    <message>
        <source>What the protocol proposes</source>
        <translation>方案建议</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Term:</source>
        <translation>术语：</translation>
    </message>
    <message>
        <source>Grade:</source>
        <translation>分级：</translation>
    </message>
    <message>
        <source>Record a toxicity for {subject}</source>
        <translation>为 {subject} 记录毒性</translation>
    </message>
    <message>
        <source>(choose a term from the list)</source>
        <translation>（请从列表中选择术语）</translation>
    </message>
    <message>
        <source>Grade {n}: {definition}</source>
        <translation>{n} 级：{definition}</translation>
    </message>
    <message>
        <source>Choose a term and a grade to see the protocol&apos;s proposal.</source>
        <translation>选择术语和分级后即可看到方案建议。</translation>
    </message>
    <message>
        <source>{action} until grade ≤ {grade}</source>
        <translation>{action}，直至 ≤ {grade} 级</translation>
    </message>
    <message>
        <source>{action}; resume at {level}</source>
        <translation>{action}；以 {level} 恢复</translation>
    </message>
    <message>
        <source>No rule of the protocol matches this toxicity and grade.</source>
        <translation>方案中没有与此毒性及分级相符的规则。</translation>
    </message>
    <message>
        <source>Rule: {rule}</source>
        <translation>规则：{rule}</translation>
    </message>
    <message>
        <source>Action &amp;instead:</source>
        <translation>改为(&amp;I)：</translation>
    </message>
    <message>
        <source>Resume &amp;at:</source>
        <translation>恢复剂量(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Onset:</source>
        <translation>发生日期(&amp;O)：</translation>
    </message>
    <message>
        <source>Chinese wording reviewed by {who} on {day}.</source>
        <translation>中文译文已由 {who} 于 {day} 审核。</translation>
    </message>
    <message>
        <source>The Chinese wording is DoseDesk&apos;s working translation, not yet reviewed at this site; the English CTCAE v5.0 is the reference.</source>
        <translation>中文译文为 DoseDesk 的工作译文，本中心尚未审核；以英文 CTCAE v5.0 为准。</translation>
    </message>
    <message>
        <source>Choose a term and a grade first.</source>
        <translation>请先选择术语和分级。</translation>
    </message>
    <message>
        <source>An override needs a reason.</source>
        <translation>不采纳建议时必须填写原因。</translation>
    </message>
</context>
<context>
    <name>RemakeDialog</name>
    <message>
        <source>Make the bag of order {number} again</source>
        <translation>重新配制医嘱 {number} 的输液袋</translation>
    </message>
    <message>
        <source>Sign the new preparation</source>
        <translation>签名确认重新配制</translation>
    </message>
    <message>
        <source>Bag {bag}, prepared {when} by {who}, is recorded as waste with its lots.</source>
        <translation>第 {bag} 袋（{who} 于 {when} 配制）连同其批号记为废弃。</translation>
    </message>
    <message>
        <source>The bag in use:</source>
        <translation>在用输液袋：</translation>
    </message>
    <message>
        <source>Made again because:</source>
        <translation>重新配制原因：</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>详情：</translation>
    </message>
</context>
<context>
    <name>ScreenFailureDialog</name>
    <message>
        <source>Screen failure of {subject}</source>
        <translation>{subject} 筛选失败</translation>
    </message>
    <message>
        <source>Record the screen failure</source>
        <translation>记录筛选失败</translation>
    </message>
    <message>
        <source>The subject goes off study as a screen failure; no dose can be ordered after it.</source>
        <translation>受试者将以筛选失败退出研究，此后不能再开具任何剂量医嘱。</translation>
    </message>
    <message>
        <source>Choose why…</source>
        <translation>选择原因…</translation>
    </message>
    <message>
        <source>e.g. I8.renal, E6.qtcf</source>
        <translation>例如 I8.renal, E6.qtcf</translation>
    </message>
    <message>
        <source>Why:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Criteria not met:</source>
        <translation>不符合的标准：</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>详情：</translation>
    </message>
    <message>
        <source>Choose why the screening failed.</source>
        <translation>请选择筛选失败的原因。</translation>
    </message>
    <message>
        <source>Name the criteria not met.</source>
        <translation>请写明不符合的标准。</translation>
    </message>
    <message>
        <source>Write the detail of this screen failure.</source>
        <translation>请写明此次筛选失败的详情。</translation>
    </message>
</context>
<context>
    <name>ServiceBackend</name>
    <message>
        <source>The password is wrong, or this account can no longer be used.</source>
        <extracomment>Who the audit trail names for the start-of-day upkeep (stored as written: a name, not a sentence).</extracomment>
        <translation>密码错误，或此账户已无法使用。</translation>
    </message>
    <message>
        <source>This part of DoseDesk is not available in this version yet.</source>
        <translation>此版本的 DoseDesk 尚未提供这部分功能。</translation>
    </message>
    <message>
        <source>held</source>
        <translation>暂停给药中</translation>
    </message>
    <message>
        <source>That visit is no longer in the calendar.</source>
        <translation>该访视已不在日程中。</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to DoseDesk</source>
        <translation>登录 DoseDesk</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>DoseDesk</source>
        <translation>DoseDesk</translation>
    </message>
    <message>
        <source>Sign in with your own user name and password.</source>
        <translation>请使用您本人的用户名和密码登录。</translation>
    </message>
    <message>
        <source>Type your user name and your password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
</context>
<context>
    <name>SiteSettingsPage</name>
    <message>
        <source>The site</source>
        <translation>本中心</translation>
    </message>
    <message>
        <source>Hospital (English):</source>
        <translation>医院（英文）：</translation>
    </message>
    <message>
        <source>Hospital (Chinese):</source>
        <translation>医院（中文）：</translation>
    </message>
    <message>
        <source>Clinic (English):</source>
        <translation>门诊（英文）：</translation>
    </message>
    <message>
        <source>Clinic (Chinese):</source>
        <translation>门诊（中文）：</translation>
    </message>
    <message>
        <source>Clinic phone (printed on the patient calendar):</source>
        <translation>门诊电话（打印在患者日程上）：</translation>
    </message>
    <message>
        <source>GB18030 (also GBK, GB2312)</source>
        <translation>GB18030（亦适用于 GBK、GB2312）</translation>
    </message>
    <message>
        <source>Laboratory files are written in:</source>
        <translation>检验科文件的编码：</translation>
    </message>
    <message>
        <source>Pharmacy paper may also be printed in both languages (Chinese with the English beside it)</source>
        <translation>药房文书也可中英文对照打印（中文在前，英文随后）</translation>
    </message>
    <message>
        <source>Paper:</source>
        <translation>打印文书：</translation>
    </message>
    <message>
        <source>Column headers of the laboratory&apos;s CSV and Excel files</source>
        <translation>检验科 CSV 和 Excel 文件的列标题</translation>
    </message>
    <message>
        <source>Hospital number:</source>
        <translation>住院号：</translation>
    </message>
    <message>
        <source>Test code:</source>
        <translation>项目代码：</translation>
    </message>
    <message>
        <source>Result:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Unit:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Reference range:</source>
        <translation>参考范围：</translation>
    </message>
    <message>
        <source>Low limit:</source>
        <translation>下限：</translation>
    </message>
    <message>
        <source>High limit:</source>
        <translation>上限：</translation>
    </message>
    <message>
        <source>Collected (date and time):</source>
        <translation>采集（日期和时间）：</translation>
    </message>
    <message>
        <source>Reported (date and time):</source>
        <translation>报告（日期和时间）：</translation>
    </message>
    <message>
        <source>Accession number:</source>
        <translation>标本号：</translation>
    </message>
    <message>
        <source>Sa&amp;ve the site and the columns</source>
        <translation>保存本中心信息和列标题(&amp;V)</translation>
    </message>
    <message>
        <source>Reference ranges (the defaults of every lab form and import)</source>
        <translation>参考范围（各检验表单和导入的默认值）</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>LLN</source>
        <translation>正常值下限（LLN）</translation>
    </message>
    <message>
        <source>ULN</source>
        <translation>正常值上限（ULN）</translation>
    </message>
    <message>
        <source>Set a range…</source>
        <translation>设置参考范围…</translation>
    </message>
    <message>
        <source>Remove the range</source>
        <translation>删除参考范围</translation>
    </message>
    <message>
        <source>The laboratory&apos;s test codes (LOINC codes are known without them)</source>
        <translation>检验科项目代码（LOINC 代码无需设置）</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Add a code…</source>
        <translation>添加代码…</translation>
    </message>
    <message>
        <source>Remove the code</source>
        <translation>删除代码</translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation>没有任何更改。</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>Start the infusion of order {number}</source>
        <translation>开始医嘱 {number} 的输注</translation>
    </message>
    <message>
        <source>Sign the start</source>
        <translation>签名开始输注</translation>
    </message>
    <message>
        <source>Scan the barcode on the bag&apos;s label, then the patient&apos;s wristband (or type them). Both must be this order&apos;s before the infusion may start.</source>
        <translation>先扫描输液袋标签上的条码，再扫描患者腕带（或手动输入）。两者均与本医嘱相符方可开始输注。</translation>
    </message>
    <message>
        <source>For:</source>
        <translation>对象：</translation>
    </message>
    <message>
        <source>{subject} ({initials}) · {visit} · {minutes}</source>
        <translation>{subject}（{initials}）· {visit} · {minutes}</translation>
    </message>
    <message>
        <source>scan the bag label</source>
        <translation>扫描输液袋标签</translation>
    </message>
    <message>
        <source>scan the wristband</source>
        <translation>扫描腕带</translation>
    </message>
    <message>
        <source>Bag label:</source>
        <translation>输液袋标签：</translation>
    </message>
    <message>
        <source>Wristband:</source>
        <translation>腕带：</translation>
    </message>
    <message>
        <source>Started at:</source>
        <translation>开始时间：</translation>
    </message>
    <message>
        <source>Scan or type the bag label and the wristband first.</source>
        <translation>请先扫描或输入输液袋标签和腕带。</translation>
    </message>
</context>
<context>
    <name>StockScreen</name>
    <message>
        <source>quarantined: {reason}</source>
        <translation>已隔离：{reason}</translation>
    </message>
    <message>
        <source>released</source>
        <translation>已放行，可发放</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>Dispensed</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Waste (partial vial)</source>
        <translation>废弃（部分瓶）</translation>
    </message>
    <message>
        <source>Returned to sponsor</source>
        <translation>退回申办方</translation>
    </message>
    <message>
        <source>Destroyed</source>
        <translation>销毁</translation>
    </message>
    <message>
        <source>Quarantined</source>
        <translation>隔离</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>解除隔离</translation>
    </message>
    <message>
        <source>1 vial</source>
        <translation>1 瓶</translation>
    </message>
    <message>
        <source>{n} vials</source>
        <translation>{n} 瓶</translation>
    </message>
    <message>
        <source>Lot {lot} does not reconcile: {problems}</source>
        <translation>批号 {lot} 账实不符：{problems}</translation>
    </message>
    <message>
        <source>Lot {lot} expired on {day} with {vials} on hand: quarantine it, then return or destroy them.</source>
        <translation>批号 {lot} 已于 {day} 过期，现存 {vials}：请先隔离，再退回或销毁。</translation>
    </message>
    <message>
        <source>Lot {lot} expires on {day} (in {days} days) with {vials} on hand.</source>
        <translation>批号 {lot} 将于 {day}（{days} 天后）过期，现存 {vials}。</translation>
    </message>
    <message>
        <source>Stock of {protocol} will not cover the booked and planned doses: {vials} short from {day}.</source>
        <translation>{protocol} 的库存不足以覆盖已预约和计划的剂量：自 {day} 起短缺 {vials}。</translation>
    </message>
    <message>
        <source>Stock alerts</source>
        <translation>库存警示</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Movements of the lot</source>
        <translation>该批号的出入库记录</translation>
    </message>
    <message>
        <source>Receive a shipment…</source>
        <translation>接收货运…</translation>
    </message>
    <message>
        <source>Quarantine…</source>
        <translation>隔离…</translation>
    </message>
    <message>
        <source>Release…</source>
        <translation>解除隔离…</translation>
    </message>
    <message>
        <source>Return to sponsor…</source>
        <translation>退回申办方…</translation>
    </message>
    <message>
        <source>Destroy…</source>
        <translation>销毁…</translation>
    </message>
    <message>
        <source>Accountability log…</source>
        <translation>药物清点记录…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Alerts:</source>
        <translation>提醒：</translation>
    </message>
    <message>
        <source>Stock is not available with this database.</source>
        <translation>此数据库不提供库存功能。</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>No alerts: every lot reconciles and stock covers the booked doses.</source>
        <translation>无提醒：所有批号账实相符，库存足以覆盖已预约的剂量。</translation>
    </message>
    <message>
        <source>Lot {lot}: {on_hand} on hand</source>
        <translation>批号 {lot}：现存 {on_hand}</translation>
    </message>
    <message>
        <source>Quarantine lot {lot}</source>
        <translation>隔离批号 {lot}</translation>
    </message>
    <message>
        <source>Why is the lot set aside?</source>
        <translation>为什么隔离该批号？</translation>
    </message>
    <message>
        <source>Release lot {lot}</source>
        <translation>解除批号 {lot} 的隔离</translation>
    </message>
    <message>
        <source>Why may the lot be used again?</source>
        <translation>为什么该批号可以重新使用？</translation>
    </message>
    <message>
        <source>Accountability log of lot {lot}</source>
        <translation>批号 {lot} 的药物清点记录</translation>
    </message>
</context>
<context>
    <name>StockSignatureDialog</name>
    <message>
        <source>Return of {vials} of lot {lot} to the sponsor</source>
        <translation>将批号 {lot} 的 {vials} 退回申办方</translation>
    </message>
    <message>
        <source>I approve the return of {vials} of lot {lot} to the sponsor, for this reason: {reason}</source>
        <translation>我批准将批号 {lot} 的 {vials} 退回申办方，原因：{reason}</translation>
    </message>
    <message>
        <source>Destruction of {vials} of lot {lot}</source>
        <translation>销毁批号 {lot} 的 {vials}</translation>
    </message>
    <message>
        <source>I approve the destruction of {vials} of lot {lot}, for this reason: {reason}</source>
        <translation>我批准销毁批号 {lot} 的 {vials}，原因：{reason}</translation>
    </message>
</context>
<context>
    <name>StopDialog</name>
    <message>
        <source>End the infusion of order {number}</source>
        <translation>结束医嘱 {number} 的输注</translation>
    </message>
    <message>
        <source>Sign the end of the infusion</source>
        <translation>签名结束输注</translation>
    </message>
    <message>
        <source>Started:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <source>{when} by {who}; planned to end {end}</source>
        <translation>{who} 于 {when} 开始；预计 {end} 结束</translation>
    </message>
    <message>
        <source>Ended at:</source>
        <translation>结束时间：</translation>
    </message>
    <message>
        <source>The whole bag was given</source>
        <translation>整袋已输完</translation>
    </message>
    <message>
        <source>mL, of {whole}</source>
        <translation>mL，共 {whole}</translation>
    </message>
    <message>
        <source>Volume given (mL):</source>
        <translation>已输入体积（mL）：</translation>
    </message>
    <message>
        <source>Stopped early because:</source>
        <translation>提前停止原因：</translation>
    </message>
    <message>
        <source>What happened:</source>
        <translation>经过：</translation>
    </message>
    <message>
        <source>Enter the volume given in mL.</source>
        <translation>请填写已输入的体积（mL）。</translation>
    </message>
</context>
<context>
    <name>SubjectChartView</name>
    <message>
        <source>Print the calendar…</source>
        <translation>打印日程…</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>日程</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>剂量水平</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Final dose</source>
        <translation>最终剂量</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>医嘱</translation>
    </message>
    <message>
        <source>Doses</source>
        <translation>给药</translation>
    </message>
    <message>
        <source>Measured</source>
        <translation>测量日期</translation>
    </message>
    <message>
        <source>Sampled</source>
        <translation>采样日期</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>检验项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Record a weight…</source>
        <translation>记录体重…</translation>
    </message>
    <message>
        <source>Record labs…</source>
        <translation>记录化验…</translation>
    </message>
    <message>
        <source>Weights and labs</source>
        <translation>体重与化验</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>End treatment…</source>
        <translation>结束治疗…</translation>
    </message>
    <message>
        <source>The investigator&apos;s decision to stop treatment: end of treatment and follow-up are planned.</source>
        <translation>研究者决定停止治疗：将安排治疗结束访视及随访。</translation>
    </message>
    <message>
        <source>End follow-up…</source>
        <translation>结束随访…</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>入组资格</translation>
    </message>
    <message>
        <source>Visit calendar</source>
        <translation>访视日程</translation>
    </message>
    <message>
        <source>Print the wristband…</source>
        <translation>打印腕带…</translation>
    </message>
    <message>
        <source>The subject&apos;s wristband or ID card, whose barcode the nurse scans before each infusion</source>
        <translation>受试者的腕带或身份卡，护士每次输注前扫描其条码</translation>
    </message>
    <message>
        <source>Language the patient reads…</source>
        <translation>患者阅读语言…</translation>
    </message>
    <message>
        <source>The language the patient&apos;s calendar and wristband are printed in</source>
        <translation>患者就诊日历和腕带的打印语言</translation>
    </message>
    <message>
        <source>Create the order</source>
        <translation>创建医嘱</translation>
    </message>
    <message>
        <source>A draft infusion order for the dose visit chosen in the calendar</source>
        <translation>为日程中选定的给药访视创建输液医嘱草稿</translation>
    </message>
    <message>
        <source>Book or move…</source>
        <translation>预约或改约…</translation>
    </message>
    <message>
        <source>Book the visit chosen in the calendar, or move its booking</source>
        <translation>预约日程中选定的访视，或更改其预约</translation>
    </message>
    <message>
        <source>Done on a date…</source>
        <translation>已完成（填写日期）…</translation>
    </message>
    <message>
        <source>Missed…</source>
        <translation>未进行…</translation>
    </message>
    <message>
        <source>Omit this dose…</source>
        <translation>漏给本次剂量…</translation>
    </message>
    <message>
        <source>Record the visit</source>
        <translation>记录访视</translation>
    </message>
    <message>
        <source>Record that the visit chosen was done or missed, or omit a dose</source>
        <translation>记录选定访视已完成或未进行，或漏给一次剂量</translation>
    </message>
    <message>
        <source>hidden until you verify</source>
        <translation>核对前隐藏</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>实际给药</translation>
    </message>
    <message>
        <source>Doses given</source>
        <translation>已给药记录</translation>
    </message>
    <message>
        <source>From baseline</source>
        <translation>较基线</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Why not met</source>
        <translation>未达标原因</translation>
    </message>
    <message>
        <source>Criteria to treat</source>
        <translation>给药标准</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Lab results</source>
        <translation>化验结果</translation>
    </message>
    <message>
        <source>Onset</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>缓解日期</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>override</source>
        <translation>未采纳建议</translation>
    </message>
    <message>
        <source>Rule or reason</source>
        <translation>规则或原因</translation>
    </message>
    <message>
        <source>Dose held</source>
        <translation>暂停的给药</translation>
    </message>
    <message>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>still held</source>
        <translation>仍在暂停</translation>
    </message>
    <message>
        <source>Resume when</source>
        <translation>恢复条件</translation>
    </message>
    <message>
        <source>grade ≤ {n}</source>
        <translation>≤ {n} 级</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>暂停给药</translation>
    </message>
    <message>
        <source>Record a toxicity…</source>
        <translation>记录毒性…</translation>
    </message>
    <message>
        <source>Record the infusion reaction as a toxicity…</source>
        <translation>将输注反应记录为毒性…</translation>
    </message>
    <message>
        <source>History of the record</source>
        <translation>记录的修改历史</translation>
    </message>
    <message>
        <source>{version} (not signed off)</source>
        <translation>{version}（未签批）</translation>
    </message>
    <message>
        <source>Hospital number {number} · allergies: {allergies}</source>
        <translation>住院号 {number} · 过敏史：{allergies}</translation>
    </message>
    <message>
        <source>reads: {language}</source>
        <translation>阅读语言：{language}</translation>
    </message>
    <message>
        <source>Criteria to treat for {visit} on {day}: awaiting labs</source>
        <translation>{visit}（{day}）的给药标准：等待检验结果</translation>
    </message>
    <message>
        <source>{visit}: a dose is done when its infusion starts at the bedside (the nurse signs it on the order).</source>
        <translation>{visit}：给药在床旁开始输注时即完成（由护士在医嘱上签名）。</translation>
    </message>
    <message>
        <source>{visit}: {note}</source>
        <translation>{visit}：{note}</translation>
    </message>
    <message>
        <source>Infusion reaction at {visit} ({when}){grade}: {what} — not yet recorded as a toxicity</source>
        <translation>{visit}（{when}）发生输注反应{grade}：{what}——尚未记录为毒性</translation>
    </message>
    <message>
        <source>, grade {n}</source>
        <translation>，{n} 级</translation>
    </message>
    <message>
        <source>Wristband of subject {number}</source>
        <translation>受试者 {number} 的腕带</translation>
    </message>
    <message>
        <source>Ask an investigator to review and record the toxicity.</source>
        <translation>请研究者审核并记录该毒性。</translation>
    </message>
    <message>
        <source>Labs reach a toxicity rule</source>
        <translation>化验结果达到毒性处理规则</translation>
    </message>
    <message>
        <source>{lab} {value} on {day} is grade {grade} {term}. The protocol proposes: {action} ({rule}).</source>
        <translation>{day} 的{lab} {value} 为 {grade} 级{term}。方案建议：{action}（{rule}）。</translation>
    </message>
    <message>
        <source>Record this toxicity now?</source>
        <translation>现在记录该毒性吗？</translation>
    </message>
    <message>
        <source>Record the toxicity…</source>
        <translation>记录该毒性…</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不记录</translation>
    </message>
    <message>
        <source>Order {number} made for {visit}, as a draft: it is prescribed on the Orders screen.</source>
        <translation>已为 {visit} 创建医嘱草稿 {number}：请在“医嘱”界面开具。</translation>
    </message>
    <message>
        <source>Open order {number}</source>
        <translation>打开医嘱 {number}</translation>
    </message>
    <message>
        <source>{visit} booked for {day}.</source>
        <translation>{visit} 已预约于 {day}。</translation>
    </message>
    <message>
        <source>Choose a visit in the calendar first.</source>
        <translation>请先在日程中选择一个访视。</translation>
    </message>
    <message>
        <source>{visit} done</source>
        <translation>{visit} 已完成</translation>
    </message>
    <message>
        <source>The day {visit} of {subject} actually took place.</source>
        <translation>{subject} 的 {visit} 实际进行的日期。</translation>
    </message>
    <message>
        <source>&amp;Done on:</source>
        <translation>完成日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Decided on:</source>
        <translation>决定日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;On:</source>
        <translation>日期(&amp;O)：</translation>
    </message>
    <message>
        <source>Resolved &amp;on:</source>
        <translation>缓解日期(&amp;O)：</translation>
    </message>
    <message>
        <source>Ended &amp;on:</source>
        <translation>结束日期(&amp;O)：</translation>
    </message>
    <message>
        <source>{visit} missed</source>
        <translation>{visit} 未进行</translation>
    </message>
    <message>
        <source>{visit} of {subject} did not take place and will not be made up. Say why.</source>
        <translation>{subject} 的 {visit} 未进行，且不会补做。请说明原因。</translation>
    </message>
    <message>
        <source>Omit {visit}</source>
        <translation>漏给 {visit}</translation>
    </message>
    <message>
        <source>{visit} of {subject} will not be given and is not made up later; the next dose keeps its day. An open order for it must be cancelled first.</source>
        <translation>{subject} 的 {visit} 将不给药，之后也不补给；下一次给药日期不变。如有该访视未完成的医嘱，须先取消。</translation>
    </message>
    <message>
        <source>Omit the dose</source>
        <translation>漏给此剂量</translation>
    </message>
    <message>
        <source>End the treatment of {subject}</source>
        <translation>结束 {subject} 的治疗</translation>
    </message>
    <message>
        <source>No dose is given after this decision. The end-of-treatment visit, the safety follow-up and the survival follow-up are planned from the decision date; open orders are cancelled.</source>
        <translation>此决定之后不再给药。将从决定日期起安排治疗结束访视、安全性随访和生存随访；未完成的医嘱将被取消。</translation>
    </message>
    <message>
        <source>End treatment</source>
        <translation>结束治疗</translation>
    </message>
    <message>
        <source>End the follow-up of {subject}</source>
        <translation>结束 {subject} 的随访</translation>
    </message>
    <message>
        <source>The subject leaves the study; no further visit is planned.</source>
        <translation>受试者退出研究；不再安排任何访视。</translation>
    </message>
    <message>
        <source>End follow-up</source>
        <translation>结束随访</translation>
    </message>
    <message>
        <source>{term} (grade {grade}, onset {onset}) resolved.</source>
        <translation>{term}（{grade} 级，发生于 {onset}）已缓解。</translation>
    </message>
    <message numerus="yes">
        <source>The hold on %n dose(s) ends that day: </source>
        <translation>
            <numerusform>以下 %n 次给药的暂停于当天结束：</numerusform>
        </translation>
    </message>
    <message>
        <source>Toxicity resolved</source>
        <translation>毒性已缓解</translation>
    </message>
    <message>
        <source>End the hold on {visit}</source>
        <translation>结束 {visit} 的暂停给药</translation>
    </message>
    <message>
        <source>The criteria to resume are met (for example the grade has come down): treatment may go on.</source>
        <translation>已满足恢复条件（例如分级已下降）：可以继续治疗。</translation>
    </message>
    <message>
        <source>End the hold</source>
        <translation>结束暂停</translation>
    </message>
    <message>
        <source>Toxicities</source>
        <translation>毒性</translation>
    </message>
    <message>
        <source>Resolved on…</source>
        <translation>记录缓解日期…</translation>
    </message>
    <message>
        <source>Record the day the toxicity chosen resolved; its holds end that day</source>
        <translation>记录选定毒性的缓解日期；其导致的暂停给药于当天结束</translation>
    </message>
    <message>
        <source>End the hold…</source>
        <translation>结束暂停…</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Subject {number} ({initials})</source>
        <translation>受试者 {number}（{initials}）</translation>
    </message>
    <message>
        <source>Born {birth} · {sex} · {status} · C1D1 {c1d1}</source>
        <translation>出生日期 {birth} · {sex} · {status} · C1D1 {c1d1}</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>none known</source>
        <translation>无已知过敏</translation>
    </message>
    <message>
        <source>Baseline weight {weight} · liver metastases: {liver} · dose level {level} · protocol {protocol}</source>
        <translation>基线体重 {weight} · 肝转移：{liver} · 剂量水平 {level} · 方案 {protocol}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Treatment ended {day}: {reason}</source>
        <translation>治疗于 {day} 结束：{reason}</translation>
    </message>
    <message>
        <source>Off study {day}: {reason}</source>
        <translation>于 {day} 出组：{reason}</translation>
    </message>
    <message numerus="yes">
        <source>Holds: %n open</source>
        <translation>
            <numerusform>暂停给药：%n 项进行中</numerusform>
        </translation>
    </message>
    <message>
        <source>No dose is planned: no criteria to treat to check.</source>
        <translation>没有计划中的给药：无需核对给药标准。</translation>
    </message>
    <message>
        <source>Criteria to treat for {visit}: {problem}</source>
        <translation>{visit} 的给药标准：{problem}</translation>
    </message>
    <message>
        <source>Criteria to treat for {visit} on {day}: met</source>
        <translation>{visit}（{day}）的给药标准：符合</translation>
    </message>
    <message>
        <source>Criteria to treat for {visit} on {day}: NOT met</source>
        <translation>{visit}（{day}）的给药标准：不符合</translation>
    </message>
    <message>
        <source>Choose a visit in the calendar to book it or record what happened.</source>
        <translation>在日程中选择一个访视，即可预约或记录其结果。</translation>
    </message>
    <message>
        <source>Calendar of subject {number}</source>
        <translation>受试者 {number} 的日程</translation>
    </message>
    <message>
        <source>Create an order</source>
        <translation>创建医嘱</translation>
    </message>
    <message>
        <source>Choose a dose visit in the calendar first.</source>
        <translation>请先在日程中选择一个给药访视。</translation>
    </message>
    <message>
        <source>Acknowledge the warning</source>
        <translation>确认警告</translation>
    </message>
    <message>
        <source>Reason to go on:</source>
        <translation>继续的理由：</translation>
    </message>
    <message>
        <source>Choose a visit still to happen in the calendar first.</source>
        <translation>请先在日程中选择一个尚未进行的访视。</translation>
    </message>
    <message>
        <source>Book a visit</source>
        <translation>预约访视</translation>
    </message>
</context>
<context>
    <name>SubjectLanguageDialog</name>
    <message>
        <source>Language the patient reads</source>
        <translation>患者阅读语言</translation>
    </message>
    <message>
        <source>The patient&apos;s calendar, wristband and calendar file are printed in this language.</source>
        <translation>患者的就诊日历、腕带和日历文件将以此语言打印。</translation>
    </message>
    <message>
        <source>e.g. asked the patient</source>
        <translation>例如：已询问患者</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>TakeOutDialog</name>
    <message>
        <source>Return vials of lot {lot} to the sponsor</source>
        <translation>将批号 {lot} 的药瓶退回申办方</translation>
    </message>
    <message>
        <source>Destroy vials of lot {lot}</source>
        <translation>销毁批号 {lot} 的药瓶</translation>
    </message>
    <message>
        <source>e.g. the sponsor&apos;s return authorisation</source>
        <translation>例如申办方的退货授权</translation>
    </message>
    <message>
        <source>On hand:</source>
        <translation>现存：</translation>
    </message>
    <message>
        <source>Vials:</source>
        <translation>瓶数：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Details:</source>
        <translation>详细说明：</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>参考号：</translation>
    </message>
    <message>
        <source>Sign…</source>
        <translation>签名…</translation>
    </message>
    <message>
        <source>Give the reason.</source>
        <translation>请填写原因。</translation>
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <source>No doses yet</source>
        <translation>尚无给药记录</translation>
    </message>
    <message>
        <source>| dose (mg/kg)   ▬ hold   ▼ reduction   ○ omitted</source>
        <translation>| 给药（mg/kg）   ▬ 暂停   ▼ 减量   ○ 漏给</translation>
    </message>
</context>
<context>
    <name>TodayScreen</name>
    <message>
        <source>to prescribe</source>
        <translation>待开具</translation>
    </message>
    <message>
        <source>to verify</source>
        <translation>待核对</translation>
    </message>
    <message>
        <source>to prepare</source>
        <translation>待配制</translation>
    </message>
    <message>
        <source>prepared, to check</source>
        <translation>已配制，待复核</translation>
    </message>
    <message>
        <source>checked, to give</source>
        <translation>已复核，待输注</translation>
    </message>
    <message>
        <source>running</source>
        <translation>输注中</translation>
    </message>
    <message>
        <source>to make again</source>
        <translation>待重新配制</translation>
    </message>
    <message>
        <source>EXPIRED — do not give</source>
        <translation>已过期——不得给药</translation>
    </message>
    <message>
        <source>held</source>
        <translation>暂停治疗</translation>
    </message>
    <message>
        <source>awaiting labs</source>
        <translation>等待检验结果</translation>
    </message>
    <message>
        <source>criteria not met</source>
        <translation>未满足治疗标准</translation>
    </message>
    <message>
        <source>criteria cannot be told</source>
        <translation>无法判断治疗标准</translation>
    </message>
    <message>
        <source>blind</source>
        <translation>盲态</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>infusion reaction</source>
        <translation>输注反应</translation>
    </message>
    <message>
        <source>due to end {time}</source>
        <translation>预计 {time} 结束</translation>
    </message>
    <message>
        <source>hidden until you verify</source>
        <translation>核对前隐藏</translation>
    </message>
    <message>
        <source>due, not booked</source>
        <translation>到期，未预约</translation>
    </message>
    <message>
        <source>booked</source>
        <translation>已预约</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>booked outside the window</source>
        <translation>预约在窗口期外</translation>
    </message>
    <message>
        <source>Day shown</source>
        <translation>显示的日期</translation>
    </message>
    <message>
        <source>Waiting for</source>
        <translation>等待</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>Final dose</source>
        <translation>最终剂量</translation>
    </message>
    <message>
        <source>Badges</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>医嘱</translation>
    </message>
    <message>
        <source>Visit is</source>
        <translation>访视状态</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口期</translation>
    </message>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} 至 {end}</translation>
    </message>
    <message>
        <source>Booked</source>
        <translation>预约日期</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Clinic visits of the day</source>
        <translation>当日门诊访视</translation>
    </message>
    <message>
        <source>Print the clinic day list…</source>
        <translation>打印门诊日清单…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <source>Pharmacy worklist</source>
        <translation>药房工作清单</translation>
    </message>
    <message>
        <source>Clinic list</source>
        <translation>门诊清单</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Clinic day list {day}</source>
        <translation>门诊日清单 {day}</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Roles of {name}</source>
        <translation>{name} 的角色</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新用户</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Full name (printed on signatures):</source>
        <translation>姓名（打印在签名上）：</translation>
    </message>
    <message>
        <source>Temporary password:</source>
        <translation>临时密码：</translation>
    </message>
    <message>
        <source>Roles:</source>
        <translation>角色：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>VaccineDialog</name>
    <message>
        <source>Live vaccines of {subject}</source>
        <translation>{subject} 的活疫苗接种</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>No live or attenuated vaccine</source>
        <translation>未接种活疫苗或减毒疫苗</translation>
    </message>
    <message>
        <source>A live or attenuated vaccine, last on the day below</source>
        <translation>接种过活疫苗或减毒疫苗，最近一次为下列日期</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>接种史：</translation>
    </message>
    <message>
        <source>Last vaccine on:</source>
        <translation>最近接种日期：</translation>
    </message>
    <message>
        <source>Choose whether the subject had a live vaccine.</source>
        <translation>请选择受试者是否接种过活疫苗。</translation>
    </message>
</context>
<context>
    <name>VerifyDialog</name>
    <message>
        <source>Verify order {number} blind</source>
        <translation>盲态核对医嘱 {number}</translation>
    </message>
    <message>
        <source>Sign the verification</source>
        <translation>签名确认核对</translation>
    </message>
    <message>
        <source>Work the dose out yourself from the inputs below, without looking at the order. Your final dose and volume to draw are compared with the order&apos;s once you sign; a mismatch is recorded.</source>
        <translation>请不看医嘱，根据以下输入自行计算剂量。签名时将您的最终剂量和抽取量与医嘱比对；不符会被记录。</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>受试者：</translation>
    </message>
    <message>
        <source>{number} ({initials}, born {birth})</source>
        <translation>{number}（{initials}，出生于 {birth}）</translation>
    </message>
    <message>
        <source>Visit:</source>
        <translation>访视：</translation>
    </message>
    <message>
        <source>Inputs:</source>
        <translation>输入：</translation>
    </message>
    <message>
        <source>Rounding rule:</source>
        <translation>取整规则：</translation>
    </message>
    <message>
        <source>mL</source>
        <translation>mL</translation>
    </message>
    <message>
        <source>Your final dose (mg):</source>
        <translation>您计算的最终剂量（mg）：</translation>
    </message>
    <message>
        <source>Your volume to draw (mL):</source>
        <translation>您计算的抽取量（mL）：</translation>
    </message>
    <message>
        <source>Weight {weight}, measured {day}</source>
        <translation>体重 {weight}，测量于 {day}</translation>
    </message>
    <message>
        <source>Dose level {level}</source>
        <translation>剂量水平 {level}</translation>
    </message>
    <message>
        <source>{drug}: {strength} vials, each reconstituted with {volume} {diluent} to {concentration}</source>
        <translation>{drug}：每瓶 {strength}，每瓶以 {volume} {diluent} 复溶至 {concentration}</translation>
    </message>
    <message>
        <source>Bag: {diluent} {volume}</source>
        <translation>输液袋：{diluent} {volume}</translation>
    </message>
    <message>
        <source>Enter the final dose and the volume to draw as numbers.</source>
        <translation>请以数字填写最终剂量和抽取量。</translation>
    </message>
    <message>
        <source>mg</source>
        <translation>mg</translation>
    </message>
</context>
<context>
    <name>WeightDialog</name>
    <message>
        <source>Record a weight for {subject}</source>
        <translation>为 {subject} 记录体重</translation>
    </message>
    <message>
        <source>e.g. 61.4</source>
        <translation>例如 61.4</translation>
    </message>
    <message>
        <source>who weighed the subject</source>
        <translation>测量体重的人员</translation>
    </message>
    <message>
        <source>&amp;Weight (kg):</source>
        <translation>体重（kg）(&amp;W)：</translation>
    </message>
    <message>
        <source>Measured &amp;on:</source>
        <translation>测量日期(&amp;O)：</translation>
    </message>
    <message>
        <source>Measured &amp;by:</source>
        <translation>测量人(&amp;B)：</translation>
    </message>
    <message>
        <source>Enter the weight in kg as a number.</source>
        <translation>请以数字输入体重（kg）。</translation>
    </message>
</context>
<context>
    <name>WeightTrend</name>
    <message>
        <source>No weights recorded</source>
        <translation>尚无体重记录</translation>
    </message>
</context>
<context>
    <name>_EventDialog</name>
    <message>
        <source>Close without recording</source>
        <translation>不记录关闭</translation>
    </message>
</context>
<context>
    <name>_Form</name>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
</context>
<context>
    <name>_SignedStep</name>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Close without signing</source>
        <translation>不签名关闭</translation>
    </message>
    <message>
        <source>Meaning:</source>
        <translation>签名含义：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Type your password to sign.</source>
        <translation>请输入密码以签名。</translation>
    </message>
</context>
<context>
    <name>_SmallDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法执行此操作</translation>
    </message>
    <message>
        <source>The database cannot be used</source>
        <translation>无法使用该数据库</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出现了问题</translation>
    </message>
    <message>
        <source>DoseDesk hit a problem it did not expect, and what you were doing was not finished. Nothing already saved was lost. Please try again; if it happens again, give this file to your support contact:
{path}</source>
        <translation>DoseDesk 遇到了一个意外问题，您刚才的操作未能完成。已保存的内容均未丢失。请重试；如果问题再次出现，请将以下文件提供给技术支持人员：
{path}</translation>
    </message>
</context>
<context>
    <name>esign</name>
    <message>
        <source>Prescribed</source>
        <translation>已开具</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>Prepared</source>
        <translation>已配制</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>已复核</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>已开始输注</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成输注</translation>
    </message>
    <message>
        <source>Stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Administered</source>
        <translation>已给药</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>I prescribe this dose for this subject.</source>
        <translation>我为该受试者开具此剂量。</translation>
    </message>
    <message>
        <source>I recomputed this dose independently and my result matches the order.</source>
        <translation>我已独立重新计算此剂量，结果与医嘱一致。</translation>
    </message>
    <message>
        <source>I prepared this dose from the lots, vials and volumes recorded.</source>
        <translation>我已按所记录的批号、瓶数和体积配制此剂量。</translation>
    </message>
    <message>
        <source>I checked the prepared bag against the order — vials and lots, volume drawn, bag, label and use-before time — and release it to the ward.</source>
        <translation>我已对照医嘱复核配制好的输液袋——药瓶及批号、抽取量、输液袋、标签和使用期限——并放行至病区。</translation>
    </message>
    <message>
        <source>I checked the bag and the patient&apos;s identity and started this infusion at the time recorded.</source>
        <translation>我已核对输液袋和患者身份，并于记录的时间开始本次输注。</translation>
    </message>
    <message>
        <source>This infusion was given in full and ended at the time recorded.</source>
        <translation>本次输注已全部输完，于记录的时间结束。</translation>
    </message>
    <message>
        <source>This infusion was stopped before the bag was given in full, at the time and volume recorded.</source>
        <translation>本次输注在输液袋输完之前停止，时间和已输入体积如记录。</translation>
    </message>
    <message>
        <source>I cancel this order for the reason recorded; it will not be given.</source>
        <translation>我因所记录的原因取消本医嘱；本医嘱不会给药。</translation>
    </message>
    <message>
        <source>This dose was given to this subject at the times recorded.</source>
        <translation>此剂量已在所记录的时间给予该受试者。</translation>
    </message>
    <message>
        <source>I reviewed these values and approve them for use in this trial.</source>
        <translation>我已审核这些数值，并批准在本试验中使用。</translation>
    </message>
</context>
<context>
    <name>paper</name>
    <message>
        <source>Preparing {name}…</source>
        <translation>正在准备{name}…</translation>
    </message>
    <message>
        <source>Joining the pages…</source>
        <translation>正在合并页面…</translation>
    </message>
    <message>
        <source>The language the document is printed in</source>
        <translation>文书的打印语言</translation>
    </message>
    <message>
        <source>中文 + English (both)</source>
        <translation>中英文对照</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <source>{value} · grade {grade}</source>
        <translation>{value} · {grade} 级</translation>
    </message>
    <message>
        <source>Neutrophils (ANC)</source>
        <translation>中性粒细胞（ANC）</translation>
    </message>
    <message>
        <source>Platelets</source>
        <translation>血小板</translation>
    </message>
    <message>
        <source>Haemoglobin</source>
        <translation>血红蛋白</translation>
    </message>
    <message>
        <source>White blood cells</source>
        <translation>白细胞</translation>
    </message>
    <message>
        <source>Lymphocytes</source>
        <translation>淋巴细胞</translation>
    </message>
    <message>
        <source>AST</source>
        <translation>谷草转氨酶（AST）</translation>
    </message>
    <message>
        <source>ALT</source>
        <translation>谷丙转氨酶（ALT）</translation>
    </message>
    <message>
        <source>Alkaline phosphatase</source>
        <translation>碱性磷酸酶</translation>
    </message>
    <message>
        <source>Total bilirubin</source>
        <translation>总胆红素</translation>
    </message>
    <message>
        <source>Creatinine</source>
        <translation>肌酐</translation>
    </message>
    <message>
        <source>Creatinine clearance</source>
        <translation>肌酐清除率</translation>
    </message>
    <message>
        <source>continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>hold</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>reduce</source>
        <translation>减量</translation>
    </message>
    <message>
        <source>discontinue</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>已更改</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>audit record</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>dose level change</source>
        <translation>剂量水平变更</translation>
    </message>
    <message>
        <source>eligibility decision</source>
        <translation>入组资格决定</translation>
    </message>
    <message>
        <source>dosing hold</source>
        <translation>暂停给药</translation>
    </message>
    <message>
        <source>order step</source>
        <translation>医嘱步骤</translation>
    </message>
    <message>
        <source>order</source>
        <translation>医嘱</translation>
    </message>
    <message>
        <source>infusion bag</source>
        <translation>输液袋</translation>
    </message>
    <message>
        <source>event during the infusion</source>
        <translation>输注期间事件</translation>
    </message>
    <message>
        <source>lab result</source>
        <translation>化验结果</translation>
    </message>
    <message>
        <source>lot used in preparation</source>
        <translation>配制所用批号</translation>
    </message>
    <message>
        <source>protocol version</source>
        <translation>方案版本</translation>
    </message>
    <message>
        <source>screening evidence</source>
        <translation>筛选依据</translation>
    </message>
    <message>
        <source>signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>site setting</source>
        <translation>站点设置</translation>
    </message>
    <message>
        <source>lot</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>stock movement</source>
        <translation>库存变动</translation>
    </message>
    <message>
        <source>shipment</source>
        <translation>到货</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>受试者</translation>
    </message>
    <message>
        <source>toxicity</source>
        <translation>毒性</translation>
    </message>
    <message>
        <source>toxicity decision</source>
        <translation>毒性处理决定</translation>
    </message>
    <message>
        <source>user role</source>
        <translation>用户角色</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>访视</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>record number</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>weight record</source>
        <translation>体重记录</translation>
    </message>
    <message>
        <source>done by</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>done by (name)</source>
        <translation>操作人姓名</translation>
    </message>
    <message>
        <source>decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <source>investigator</source>
        <translation>研究者</translation>
    </message>
    <message>
        <source>prescribed by</source>
        <translation>开具人</translation>
    </message>
    <message>
        <source>verified by</source>
        <translation>核对人</translation>
    </message>
    <message>
        <source>prepared by</source>
        <translation>配制人</translation>
    </message>
    <message>
        <source>administration recorded by</source>
        <translation>给药记录人</translation>
    </message>
    <message>
        <source>cancelled by</source>
        <translation>取消人</translation>
    </message>
    <message>
        <source>started by</source>
        <translation>开始输注人</translation>
    </message>
    <message>
        <source>ended by</source>
        <translation>结束输注人</translation>
    </message>
    <message>
        <source>checked by</source>
        <translation>复核人</translation>
    </message>
    <message>
        <source>wasted by</source>
        <translation>废弃人</translation>
    </message>
    <message>
        <source>recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>received by</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>received by (name)</source>
        <translation>接收人姓名</translation>
    </message>
    <message>
        <source>signed off by</source>
        <translation>签核人</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>status reason</source>
        <translation>状态原因</translation>
    </message>
    <message>
        <source>why not</source>
        <translation>未进行的原因</translation>
    </message>
    <message>
        <source>why not: details</source>
        <translation>未进行的原因：详情</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>created at</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>recorded at</source>
        <translation>记录时间</translation>
    </message>
    <message>
        <source>cancelled at</source>
        <translation>取消时间</translation>
    </message>
    <message>
        <source>cancel reason</source>
        <translation>取消原因</translation>
    </message>
    <message>
        <source>vials</source>
        <translation>瓶数</translation>
    </message>
    <message>
        <source>waste (mg)</source>
        <translation>废弃量（mg）</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>protocol</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>lot number</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>weight (kg)</source>
        <translation>体重（kg）</translation>
    </message>
    <message>
        <source>dose level before (mg/kg)</source>
        <translation>变更前剂量水平（mg/kg）</translation>
    </message>
    <message>
        <source>dose level after (mg/kg)</source>
        <translation>变更后剂量水平（mg/kg）</translation>
    </message>
    <message>
        <source>effective on</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>decided at</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <source>hold until grade</source>
        <translation>暂停给药直至分级</translation>
    </message>
    <message>
        <source>start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>end date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>order number</source>
        <translation>医嘱号</translation>
    </message>
    <message>
        <source>planned date</source>
        <translation>计划日期</translation>
    </message>
    <message>
        <source>weight measured on</source>
        <translation>体重测量日期</translation>
    </message>
    <message>
        <source>dose level (mg/kg)</source>
        <translation>剂量水平（mg/kg）</translation>
    </message>
    <message>
        <source>calculated dose (mg)</source>
        <translation>计算剂量（mg）</translation>
    </message>
    <message>
        <source>final dose (mg)</source>
        <translation>最终剂量（mg）</translation>
    </message>
    <message>
        <source>concentration (mg/mL)</source>
        <translation>浓度（mg/mL）</translation>
    </message>
    <message>
        <source>volume to draw (mL)</source>
        <translation>应抽取体积（mL）</translation>
    </message>
    <message>
        <source>bag volume (mL)</source>
        <translation>输液袋体积（mL）</translation>
    </message>
    <message>
        <source>final concentration (mg/mL)</source>
        <translation>最终浓度（mg/mL）</translation>
    </message>
    <message>
        <source>infusion time (minutes)</source>
        <translation>输注时间（分钟）</translation>
    </message>
    <message>
        <source>reduction reason</source>
        <translation>减量原因</translation>
    </message>
    <message>
        <source>warnings</source>
        <translation>警示</translation>
    </message>
    <message>
        <source>warnings acknowledged</source>
        <translation>警示已确认</translation>
    </message>
    <message>
        <source>acknowledgement reason</source>
        <translation>确认原因</translation>
    </message>
    <message>
        <source>prescribed at</source>
        <translation>开具时间</translation>
    </message>
    <message>
        <source>verified at</source>
        <translation>核对时间</translation>
    </message>
    <message>
        <source>weight checked by the verifier (kg)</source>
        <translation>核对人核对的体重（kg）</translation>
    </message>
    <message>
        <source>dose level checked by the verifier (mg/kg)</source>
        <translation>核对人核对的剂量水平（mg/kg）</translation>
    </message>
    <message>
        <source>final dose checked by the verifier (mg)</source>
        <translation>核对人核对的最终剂量（mg）</translation>
    </message>
    <message>
        <source>volume checked by the verifier (mL)</source>
        <translation>核对人核对的体积（mL）</translation>
    </message>
    <message>
        <source>prepared at</source>
        <translation>配制时间</translation>
    </message>
    <message>
        <source>beyond-use time</source>
        <translation>使用期限</translation>
    </message>
    <message>
        <source>beyond-use storage</source>
        <translation>使用期限储存条件</translation>
    </message>
    <message>
        <source>administration started at</source>
        <translation>给药开始时间</translation>
    </message>
    <message>
        <source>administration ended at</source>
        <translation>给药结束时间</translation>
    </message>
    <message>
        <source>administered by</source>
        <translation>给药人</translation>
    </message>
    <message>
        <source>started at</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>ended at</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>volume given (mL)</source>
        <translation>已输入体积（mL）</translation>
    </message>
    <message>
        <source>dose given (mg)</source>
        <translation>实际给药剂量（mg）</translation>
    </message>
    <message>
        <source>why it stopped early</source>
        <translation>提前停止原因</translation>
    </message>
    <message>
        <source>stopped early: detail</source>
        <translation>提前停止：详情</translation>
    </message>
    <message>
        <source>why it was cancelled</source>
        <translation>取消原因</translation>
    </message>
    <message>
        <source>bag number</source>
        <translation>输液袋序号</translation>
    </message>
    <message>
        <source>diluent bag weight (g)</source>
        <translation>稀释液袋重量（克）</translation>
    </message>
    <message>
        <source>checked at</source>
        <translation>复核时间</translation>
    </message>
    <message>
        <source>items confirmed</source>
        <translation>已确认项目</translation>
    </message>
    <message>
        <source>bag weight at the check (g)</source>
        <translation>复核时输液袋重量（克）</translation>
    </message>
    <message>
        <source>bag weight expected (g)</source>
        <translation>输液袋预期重量（克）</translation>
    </message>
    <message>
        <source>wasted at</source>
        <translation>废弃时间</translation>
    </message>
    <message>
        <source>why it was wasted</source>
        <translation>废弃原因</translation>
    </message>
    <message>
        <source>waste: detail</source>
        <translation>废弃：详情</translation>
    </message>
    <message>
        <source>lab test</source>
        <translation>化验项目</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>lower limit of normal</source>
        <translation>正常值下限</translation>
    </message>
    <message>
        <source>upper limit of normal</source>
        <translation>正常值上限</translation>
    </message>
    <message>
        <source>collected on</source>
        <translation>采样日期</translation>
    </message>
    <message>
        <source>collection time</source>
        <translation>采集时间</translation>
    </message>
    <message>
        <source>report time</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>file SHA-256</source>
        <translation>文件 SHA-256</translation>
    </message>
    <message>
        <source>accession number</source>
        <translation>检验单号</translation>
    </message>
    <message>
        <source>import key</source>
        <translation>导入键</translation>
    </message>
    <message>
        <source>hospital number</source>
        <translation>住院号</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>changed at</source>
        <translation>更改时间</translation>
    </message>
    <message>
        <source>CTCAE grade</source>
        <translation>CTCAE 分级</translation>
    </message>
    <message>
        <source>measured on</source>
        <translation>测量日期</translation>
    </message>
    <message>
        <source>measured by</source>
        <translation>测量人</translation>
    </message>
    <message>
        <source>CTCAE term</source>
        <translation>CTCAE 术语</translation>
    </message>
    <message>
        <source>MedDRA code</source>
        <translation>MedDRA 编码</translation>
    </message>
    <message>
        <source>grade</source>
        <translation>分级</translation>
    </message>
    <message>
        <source>onset date</source>
        <translation>发生日期</translation>
    </message>
    <message>
        <source>resolution date</source>
        <translation>缓解日期</translation>
    </message>
    <message>
        <source>proposed action</source>
        <translation>建议处理</translation>
    </message>
    <message>
        <source>proposed: hold until grade</source>
        <translation>建议：暂停给药直至分级</translation>
    </message>
    <message>
        <source>proposed: resume at</source>
        <translation>建议：恢复给药的剂量</translation>
    </message>
    <message>
        <source>protocol rule proposed</source>
        <translation>建议依据的方案规则</translation>
    </message>
    <message>
        <source>action taken</source>
        <translation>实际处理</translation>
    </message>
    <message>
        <source>taken: hold until grade</source>
        <translation>实际：暂停给药直至分级</translation>
    </message>
    <message>
        <source>taken: resume at</source>
        <translation>实际：恢复给药的剂量</translation>
    </message>
    <message>
        <source>proposal overridden</source>
        <translation>未采纳建议</translation>
    </message>
    <message>
        <source>override reason</source>
        <translation>未采纳原因</translation>
    </message>
    <message>
        <source>version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>file fingerprint</source>
        <translation>文件指纹</translation>
    </message>
    <message>
        <source>title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>registered at</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <source>signed off at</source>
        <translation>签核时间</translation>
    </message>
    <message>
        <source>printed name</source>
        <translation>签名人姓名</translation>
    </message>
    <message>
        <source>signed at</source>
        <translation>签名时间</translation>
    </message>
    <message>
        <source>meaning</source>
        <translation>签名含义</translation>
    </message>
    <message>
        <source>signed record</source>
        <translation>所签记录</translation>
    </message>
    <message>
        <source>signed record number</source>
        <translation>所签记录编号</translation>
    </message>
    <message>
        <source>signed record fingerprint</source>
        <translation>所签记录指纹</translation>
    </message>
    <message>
        <source>strength (mg)</source>
        <translation>规格（mg）</translation>
    </message>
    <message>
        <source>expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>lot expiry</source>
        <translation>批号有效期</translation>
    </message>
    <message>
        <source>volume drawn (mL)</source>
        <translation>已抽取体积（mL）</translation>
    </message>
    <message>
        <source>vials received</source>
        <translation>接收瓶数</translation>
    </message>
    <message>
        <source>vials dispensed</source>
        <translation>发放瓶数</translation>
    </message>
    <message>
        <source>vials returned</source>
        <translation>退回瓶数</translation>
    </message>
    <message>
        <source>vials destroyed</source>
        <translation>销毁瓶数</translation>
    </message>
    <message>
        <source>vials on hand</source>
        <translation>现有瓶数</translation>
    </message>
    <message>
        <source>received on</source>
        <translation>接收日期</translation>
    </message>
    <message>
        <source>subject number</source>
        <translation>受试者编号</translation>
    </message>
    <message>
        <source>initials</source>
        <translation>姓名缩写</translation>
    </message>
    <message>
        <source>birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>allergies</source>
        <translation>过敏史</translation>
    </message>
    <message>
        <source>liver metastases</source>
        <translation>肝转移</translation>
    </message>
    <message>
        <source>baseline weight (kg)</source>
        <translation>基线体重（kg）</translation>
    </message>
    <message>
        <source>height (cm)</source>
        <translation>身高（cm）</translation>
    </message>
    <message>
        <source>can become pregnant</source>
        <translation>有生育可能</translation>
    </message>
    <message>
        <source>Cycle 1 Day 1</source>
        <translation>第 1 周期第 1 天</translation>
    </message>
    <message>
        <source>current dose level (mg/kg)</source>
        <translation>当前剂量水平（mg/kg）</translation>
    </message>
    <message>
        <source>treatment stopped on</source>
        <translation>终止治疗日期</translation>
    </message>
    <message>
        <source>treatment stop reason</source>
        <translation>终止治疗原因</translation>
    </message>
    <message>
        <source>why treatment ended</source>
        <translation>治疗结束原因</translation>
    </message>
    <message>
        <source>why treatment ended: details</source>
        <translation>治疗结束原因：详情</translation>
    </message>
    <message>
        <source>why the study ended</source>
        <translation>研究结束原因</translation>
    </message>
    <message>
        <source>why the study ended: details</source>
        <translation>研究结束原因：详情</translation>
    </message>
    <message>
        <source>off study on</source>
        <translation>退出研究日期</translation>
    </message>
    <message>
        <source>off-study reason</source>
        <translation>退出研究原因</translation>
    </message>
    <message>
        <source>enrolled at</source>
        <translation>入组时间</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>active</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>failed sign-ins</source>
        <translation>登录失败次数</translation>
    </message>
    <message>
        <source>locked at</source>
        <translation>锁定时间</translation>
    </message>
    <message>
        <source>must change password</source>
        <translation>须更改密码</translation>
    </message>
    <message>
        <source>last signed in at</source>
        <translation>上次登录时间</translation>
    </message>
    <message>
        <source>label</source>
        <translation>访视编号</translation>
    </message>
    <message>
        <source>cycle</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>day of cycle</source>
        <translation>周期第几天</translation>
    </message>
    <message>
        <source>target date</source>
        <translation>目标日期</translation>
    </message>
    <message>
        <source>window start</source>
        <translation>窗口期开始</translation>
    </message>
    <message>
        <source>window end</source>
        <translation>窗口期结束</translation>
    </message>
    <message>
        <source>suggested date</source>
        <translation>建议日期</translation>
    </message>
    <message>
        <source>booked date</source>
        <translation>预约日期</translation>
    </message>
    <message>
        <source>actual date</source>
        <translation>实际日期</translation>
    </message>
    <message>
        <source>booking reason</source>
        <translation>预约原因</translation>
    </message>
    <message>
        <source>signed by</source>
        <translation>签名人</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>setting value</source>
        <translation>设置值</translation>
    </message>
    <message>
        <source>taken on</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <source>QT interval</source>
        <translation>QT 间期</translation>
    </message>
    <message>
        <source>RR interval</source>
        <translation>RR 间期</translation>
    </message>
    <message>
        <source>heart rate</source>
        <translation>心率</translation>
    </message>
    <message>
        <source>LVEF</source>
        <translation>左室射血分数</translation>
    </message>
    <message>
        <source>pregnancy test kind</source>
        <translation>妊娠试验类型</translation>
    </message>
    <message>
        <source>test result</source>
        <translation>检测结果</translation>
    </message>
    <message>
        <source>ECOG performance status</source>
        <translation>ECOG 体能状态</translation>
    </message>
    <message>
        <source>criterion</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>attested satisfied</source>
        <translation>确认满足</translation>
    </message>
    <message>
        <source>first dose date</source>
        <translation>首次给药日期</translation>
    </message>
    <message>
        <source>evaluation signed</source>
        <translation>签署的评估</translation>
    </message>
    <message>
        <source>evaluation fingerprint</source>
        <translation>评估指纹</translation>
    </message>
    <message>
        <source>disposition term</source>
        <translation>处置术语</translation>
    </message>
    <message>
        <source>screen failure reason</source>
        <translation>筛选失败原因</translation>
    </message>
    <message>
        <source>why held</source>
        <translation>暂停原因</translation>
    </message>
    <message>
        <source>why set aside or released</source>
        <translation>隔离或放行原因</translation>
    </message>
    <message>
        <source>why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>why reduced</source>
        <translation>减量原因</translation>
    </message>
    <message>
        <source>criteria not met</source>
        <translation>不符合的标准</translation>
    </message>
    <message>
        <source>detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>pharmacist</source>
        <translation>药师</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>研究协调员</translation>
    </message>
    <message>
        <source>nurse</source>
        <translation>护士</translation>
    </message>
    <message>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>screening</source>
        <translation>筛选中</translation>
    </message>
    <message>
        <source>screen failed</source>
        <translation>筛选失败</translation>
    </message>
    <message>
        <source>on treatment</source>
        <translation>治疗中</translation>
    </message>
    <message>
        <source>follow-up</source>
        <translation>随访中</translation>
    </message>
    <message>
        <source>off study</source>
        <translation>已出组</translation>
    </message>
    <message>
        <source>the same dose level</source>
        <translation>原剂量水平</translation>
    </message>
    <message>
        <source>a reduced dose level</source>
        <translation>减量后的剂量水平</translation>
    </message>
    <message>
        <source>prescribed</source>
        <translation>已开具</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核对</translation>
    </message>
    <message>
        <source>prepared</source>
        <translation>已配制</translation>
    </message>
    <message>
        <source>checked</source>
        <translation>已复核</translation>
    </message>
    <message>
        <source>started</source>
        <translation>已开始</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>administered</source>
        <translation>已给药</translation>
    </message>
    <message>
        <source>blind verification did not match</source>
        <translation>盲态核对不符</translation>
    </message>
    <message>
        <source>bag made again</source>
        <translation>输液袋已重新配制</translation>
    </message>
    <message>
        <source>interruption</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>infusion reaction</source>
        <translation>输注反应</translation>
    </message>
    <message>
        <source>room temperature</source>
        <translation>室温</translation>
    </message>
    <message>
        <source>refrigerated</source>
        <translation>冷藏</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>released</source>
        <translation>已放行</translation>
    </message>
    <message>
        <source>quarantined</source>
        <translation>已隔离</translation>
    </message>
    <message>
        <source>receipt</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>dispensed</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>waste</source>
        <translation>废弃</translation>
    </message>
    <message>
        <source>returned to sponsor</source>
        <translation>退回申办方</translation>
    </message>
    <message>
        <source>destroyed</source>
        <translation>销毁</translation>
    </message>
    <message>
        <source>quarantine</source>
        <translation>隔离</translation>
    </message>
    <message>
        <source>release</source>
        <translation>放行</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>(changed; not recorded)</source>
        <translation>（已更改；未记录）</translation>
    </message>
    <message>
        <source>(withheld until the order is verified)</source>
        <translation>（医嘱核对前隐藏）</translation>
    </message>
    <message>
        <source>{record} #{number}</source>
        <translation>{record}记录 #{number}</translation>
    </message>
    <message>
        <source>: </source>
        <translation>：</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{number} ({initials})</source>
        <extracomment>How a field the message is about is marked (the message names it; the mark shows where).</extracomment>
        <translation>{number}（{initials}）</translation>
    </message>
</context>
</TS>
