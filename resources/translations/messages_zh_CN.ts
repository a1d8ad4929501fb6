<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>messages</name>
    <message>
      <source>The witness of the audit trail on this computer starts again from the database as it is.</source>
      <translation>本机的审计追踪见证将从数据库当前状态重新开始。</translation>
    </message>
    <message>
      <source>Note: {note}</source>
      <translation>注意：{note}</translation>
    </message>
    <message>
      <source>Adverse event</source>
      <translation>不良事件</translation>
    </message>
    <message>
      <source>Investigator's decision</source>
      <translation>研究者决定</translation>
    </message>
    <message>
      <source>Other reason</source>
      <translation>其他原因</translation>
    </message>
    <message>
      <source>A weight of {weight} has changed {change} from the baseline weight {reference} ({warn_percent}% or more): confirm the weight and give a reason to dose on it.</source>
      <translation>体重 {weight} 较基线体重 {reference} 变化 {change}（达到 {warn_percent}% 或以上）：请确认体重，并填写按此体重给药的理由。</translation>
    </message>
    <message>
      <source>A weight of {weight} has changed {change} from the previous dosing weight {reference} ({warn_percent}% or more): confirm the weight and give a reason to dose on it.</source>
      <translation>体重 {weight} 较上次给药体重 {reference} 变化 {change}（达到 {warn_percent}% 或以上）：请确认体重，并填写按此体重给药的理由。</translation>
    </message>
    <message>
      <source>A weight of {weight} is below {limit}: confirm the weight and give a reason to dose on it.</source>
      <translation>体重 {weight} 低于 {limit}：请确认体重，并填写按此体重给药的理由。</translation>
    </message>
    <message>
      <source>A weight of {weight} is above {limit}: confirm the weight and give a reason to dose on it.</source>
      <translation>体重 {weight} 高于 {limit}：请确认体重，并填写按此体重给药的理由。</translation>
    </message>
    <message>
      <source>The final concentration {concentration} ({dose} in {volume}) is below the minimum {limit}: consider a smaller bag, or give a reason to go on.</source>
      <translation>最终浓度 {concentration}（{dose} 溶于 {volume}）低于下限 {limit}：请考虑使用更小的输液袋，或填写继续的理由。</translation>
    </message>
    <message>
      <source>The final concentration {concentration} ({dose} in {volume}) is above the maximum {limit}: consider a larger bag, or give a reason to go on.</source>
      <translation>最终浓度 {concentration}（{dose} 溶于 {volume}）高于上限 {limit}：请考虑使用更大的输液袋，或填写继续的理由。</translation>
    </message>
    <message>
      <source>The earlier weight</source>
      <translation>之前的体重</translation>
    </message>
    <message>
      <source>The weight</source>
      <translation>体重</translation>
    </message>
    <message>
      <source>The baseline weight</source>
      <translation>基线体重</translation>
    </message>
    <message>
      <source>The previous dosing weight</source>
      <translation>上次给药体重</translation>
    </message>
    <message>
      <source>{level} is not a dose level of this protocol; its levels are {levels} mg/kg.</source>
      <translation>{level} 不是本方案的剂量水平；本方案的剂量水平为 {levels} mg/kg。</translation>
    </message>
    <message>
      <source>A weight of {weight} is below {limit}, the lowest weight this protocol doses: check the weight and that it is in kg.</source>
      <translation>体重 {weight} 低于 {limit}，即本方案可给药的最低体重：请核查体重，并确认单位为 kg。</translation>
    </message>
    <message>
      <source>A weight of {weight} is above {limit}, the highest weight this protocol doses: check the weight and that it is in kg.</source>
      <translation>体重 {weight} 高于 {limit}，即本方案可给药的最高体重：请核查体重，并确认单位为 kg。</translation>
    </message>
    <message>
      <source>The dose of {dose} is too small to draw up in steps of {step}: check the weight and the dose level.</source>
      <translation>剂量 {dose} 太小，无法按 {step} 的步长抽取：请核查体重和剂量水平。</translation>
    </message>
    <message>
      <source>{first} {second}</source>
      <translation>{first}{second}</translation>
    </message>
    <message>
      <source>This dose needs an acknowledgement with a reason: {warnings}</source>
      <translation>此剂量需要确认并填写理由：{warnings}</translation>
    </message>
    <message>
      <source>Sex for Cockcroft–Gault must be female or male, not {value}.</source>
      <translation>Cockcroft–Gault 公式的性别须为女或男，而不是 {value}。</translation>
    </message>
    <message>
      <source>Serum creatinine must be in µmol/L or mg/dL, not {value}.</source>
      <translation>血清肌酐的单位须为 µmol/L 或 mg/dL，而不是 {value}。</translation>
    </message>
    <message>
      <source>Cockcroft–Gault needs an adult age between {youngest} and {oldest} years, not {value}.</source>
      <translation>Cockcroft–Gault 公式需要 {youngest} 至 {oldest} 岁之间的成人年龄，而不是 {value}。</translation>
    </message>
    <message>
      <source>Serum creatinine must be more than 0, not {value}.</source>
      <translation>血清肌酐须大于 0，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be a number in kg, not {value}.</source>
      <translation>{what}须为以 kg 为单位的数字，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} of {value} kg is not a plausible weight: check the weight and that it is in kg.</source>
      <translation>{what} {value} kg 不是合理的体重：请核对体重，并确认单位是 kg。</translation>
    </message>
    <message>
      <source>{what} must be more than 0 kg, not {value}.</source>
      <translation>{what}须大于 0 kg，而不是 {value}。</translation>
    </message>
    <message>
      <source>Give both the date the weight was measured and the dose date, to check the weight.</source>
      <translation>请同时填写体重测量日期和给药日期，以便核查体重。</translation>
    </message>
    <message>
      <source>The weight is dated {weight_date}, after the dose date {dose_date}: check the dates.</source>
      <translation>体重测量日期为 {weight_date}，晚于给药日期 {dose_date}：请核查日期。</translation>
    </message>
    <message>
      <source>The weight was measured on {weight_date}, {days} days before the dose on {dose_date}; it must be measured no more than {most} days before dosing: weigh the patient again.</source>
      <translation>体重测量于 {weight_date}，比 {dose_date} 的给药早 {days} 天；体重须在给药前 {most} 天内测量：请重新为患者称重。</translation>
    </message>
    <message>
      <source>patient unwell on the day</source>
      <translation>患者当日身体不适</translation>
    </message>
    <message>
      <source>patient did not attend</source>
      <translation>患者未到诊</translation>
    </message>
    <message>
      <source>patient declined the dose</source>
      <translation>患者拒绝本次给药</translation>
    </message>
    <message>
      <source>criteria to treat not met</source>
      <translation>未满足治疗标准</translation>
    </message>
    <message>
      <source>weight or dose changed: a new order is needed</source>
      <translation>体重或剂量已变：需开具新医嘱</translation>
    </message>
    <message>
      <source>bag past its use-before time</source>
      <translation>输液袋已过使用期限</translation>
    </message>
    <message>
      <source>problem with the preparation</source>
      <translation>配制有问题</translation>
    </message>
    <message>
      <source>order made in error</source>
      <translation>医嘱开错</translation>
    </message>
    <message>
      <source>other reason</source>
      <translation>其他原因</translation>
    </message>
    <message>
      <source>treatment held</source>
      <translation>治疗暂停</translation>
    </message>
    <message>
      <source>dose level changed</source>
      <translation>剂量水平已变</translation>
    </message>
    <message>
      <source>treatment stopped</source>
      <translation>治疗已终止</translation>
    </message>
    <message>
      <source>the product check found a fault</source>
      <translation>成品复核发现问题</translation>
    </message>
    <message>
      <source>bag damaged, leaking or contaminated</source>
      <translation>输液袋破损、渗漏或污染</translation>
    </message>
    <message>
      <source>infusion reaction</source>
      <translation>输注反应</translation>
    </message>
    <message>
      <source>at the patient's request</source>
      <translation>应患者要求</translation>
    </message>
    <message>
      <source>problem with the venous access</source>
      <translation>静脉通路有问题</translation>
    </message>
    <message>
      <source>the vials and lots used are those recorded</source>
      <translation>所用药瓶和批号与记录一致</translation>
    </message>
    <message>
      <source>the volume drawn is the order's</source>
      <translation>抽取量与医嘱一致</translation>
    </message>
    <message>
      <source>the diluent and bag are the order's</source>
      <translation>稀释液和输液袋与医嘱一致</translation>
    </message>
    <message>
      <source>the label matches the order and the subject</source>
      <translation>标签与医嘱和受试者相符</translation>
    </message>
    <message>
      <source>the use-before time on the label is right and not passed</source>
      <translation>标签上的使用期限正确且未过期</translation>
    </message>
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
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>administered</source>
      <translation>已给药</translation>
    </message>
    <message>
      <source>Temperature excursion</source>
      <translation>温度偏离</translation>
    </message>
    <message>
      <source>Damaged vials or packaging</source>
      <translation>药瓶或包装破损</translation>
    </message>
    <message>
      <source>Recalled by the sponsor</source>
      <translation>申办方召回</translation>
    </message>
    <message>
      <source>Quality query</source>
      <translation>质量疑问</translation>
    </message>
    <message>
      <source>Query resolved: fit to use</source>
      <translation>疑问已解决：可以使用</translation>
    </message>
    <message>
      <source>Expired</source>
      <translation>已过期</translation>
    </message>
    <message>
      <source>Study closed</source>
      <translation>研究已结束</translation>
    </message>
    <message>
      <source>On the sponsor's instruction</source>
      <translation>按申办方指示</translation>
    </message>
    <message>
      <source>received</source>
      <translation>接收</translation>
    </message>
    <message>
      <source>dispensed</source>
      <translation>发放</translation>
    </message>
    <message>
      <source>wasted</source>
      <translation>废弃</translation>
    </message>
    <message>
      <source>returned to the sponsor</source>
      <translation>退回申办方</translation>
    </message>
    <message>
      <source>destroyed</source>
      <translation>销毁</translation>
    </message>
    <message>
      <source>quarantined</source>
      <translation>隔离</translation>
    </message>
    <message>
      <source>released</source>
      <translation>放行</translation>
    </message>
    <message>
      <source>receipt</source>
      <translation>接收</translation>
    </message>
    <message>
      <source>dispense</source>
      <translation>发放</translation>
    </message>
    <message>
      <source>waste</source>
      <translation>废弃</translation>
    </message>
    <message>
      <source>return</source>
      <translation>退回</translation>
    </message>
    <message>
      <source>destruction</source>
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
      <source>{count} vial</source>
      <translation>{count} 瓶</translation>
    </message>
    <message>
      <source>{count} vials</source>
      <translation>{count} 瓶</translation>
    </message>
    <message>
      <source>Lot {lot} is stock of {protocol}, not of {order_protocol}: it cannot be used for this order.</source>
      <translation>批号 {lot} 是 {protocol} 的库存，不是 {order_protocol} 的：不能用于这份医嘱。</translation>
    </message>
    <message>
      <source>Lot {lot} holds {strength} vials, but this protocol's vial is {vial}: it cannot be used for this order.</source>
      <translation>批号 {lot} 为每瓶 {strength}，但本方案的药瓶规格是 {vial}：不能用于这份医嘱。</translation>
    </message>
    <message>
      <source>Lot {lot} is quarantined ({reason}): it cannot be dispensed until it is released.</source>
      <translation>批号 {lot} 已隔离（{reason}）：放行前不得发放。</translation>
    </message>
    <message>
      <source>Lot {lot} expired on {day}: it cannot be dispensed. Quarantine it, then return it to the sponsor or destroy it.</source>
      <translation>批号 {lot} 已于 {day} 过期，不得发放。请先隔离，再退回申办方或销毁。</translation>
    </message>
    <message>
      <source>Lot {lot} is empty: no vials are left in it.</source>
      <translation>批号 {lot} 已用完：没有剩余药瓶。</translation>
    </message>
    <message>
      <source>Lot {lot} has {on_hand} on hand; {wanted} were asked for. Take the rest from another lot.</source>
      <translation>批号 {lot} 现存 {on_hand}，需要 {wanted}。其余请从其他批号领取。</translation>
    </message>
    <message>
      <source>Lot {lot} holds {strength} vials, but the {drug} vial of this protocol is {vial}: check the label. If it is so, receive the shipment quarantined, with the reason, to return it.</source>
      <translation>批号 {lot} 为每瓶 {strength}，但本方案的 {drug} 药瓶规格是 {vial}：请核对标签。如确实如此，请将该货运以隔离状态接收并填写原因，以便退回。</translation>
    </message>
    <message>
      <source>Lot {lot} expired on {day}, before it was received: receive the shipment quarantined, with the reason, to return it to the sponsor.</source>
      <translation>批号 {lot} 在接收前已于 {day} 过期：请将该货运以隔离状态接收并填写原因，以便退回申办方。</translation>
    </message>
    <message>
      <source>Lot {lot} expired on {day}: it cannot be released. Return it to the sponsor or destroy it.</source>
      <translation>批号 {lot} 已于 {day} 过期，不能放行。请退回申办方或销毁。</translation>
    </message>
    <message>
      <source>Lot {lot}: {on_hand} vials on hand, but received {received} − dispensed {dispensed} − returned {returned} − destroyed {destroyed} = {expected}.</source>
      <translation>批号 {lot}：现存 {on_hand} 瓶，但接收 {received} − 发放 {dispensed} − 退回 {returned} − 销毁 {destroyed} = {expected}。</translation>
    </message>
    <message>
      <source>Lot {lot}: the balance is below zero.</source>
      <translation>批号 {lot}：结存小于零。</translation>
    </message>
    <message>
      <source>Lot {lot}: the {kind} of {vials} recorded {at} UTC by {name} (movement {movement}) has no e-signature.</source>
      <translation>批号 {lot}：{name} 于 {at} UTC 记录的{kind} {vials}（记录 {movement}）没有电子签名。</translation>
    </message>
    <message>
      <source>Lot {lot}: the count of vials {kind} says {stored}, but its movements add up to {added}.</source>
      <translation>批号 {lot}：{kind}瓶数记为 {stored}，但其出入库记录合计为 {added}。</translation>
    </message>
    <message>
      <source>{sign} {limit} {unit}</source>
      <translation>{sign} {limit} {unit}</translation>
    </message>
    <message>
      <source>{age} years old on {day}</source>
      <translation>{day} 时 {age} 岁</translation>
    </message>
    <message>
      <source>{sign} {limit}</source>
      <translation>{sign} {limit}</translation>
    </message>
    <message>
      <source>ECOG {score}</source>
      <translation>ECOG {score}</translation>
    </message>
    <message>
      <source>urine</source>
      <translation>尿</translation>
    </message>
    <message>
      <source>serum</source>
      <translation>血清</translation>
    </message>
    <message>
      <source>negative</source>
      <translation>阴性</translation>
    </message>
    <message>
      <source>positive</source>
      <translation>阳性</translation>
    </message>
    <message>
      <source>indeterminate</source>
      <translation>不确定</translation>
    </message>
    <message>
      <source>negative, at most {days} days before the first dose</source>
      <translation>阴性，且在首次给药前 {days} 天内</translation>
    </message>
    <message>
      <source>none in the {days} days before the first dose</source>
      <translation>首次给药前 {days} 天内无</translation>
    </message>
    <message>
      <source>{limit} on the consent date</source>
      <translation>签署知情同意当日 {limit}</translation>
    </message>
    <message>
      <source>{limit} on the first dose date</source>
      <translation>首次给药当日 {limit}</translation>
    </message>
    <message>
      <source>{age} years</source>
      <translation>{age} 岁</translation>
    </message>
    <message>
      <source>{male} for men, {female} for women</source>
      <translation>男性 {male}，女性 {female}</translation>
    </message>
    <message>
      <source>QTcF {qtcf} ms (QT {qt} ms, RR {rr} ms) on {taken}</source>
      <translation>QTcF {qtcf} ms（QT {qt} ms，RR {rr} ms，{taken}）</translation>
    </message>
    <message>
      <source>QTcF {qtcf} ms (QT {qt} ms, heart rate {rate} bpm) on {taken}</source>
      <translation>QTcF {qtcf} ms（QT {qt} ms，心率 {rate} 次/分，{taken}）</translation>
    </message>
    <message>
      <source>{qtcf} ms</source>
      <translation>{qtcf} ms</translation>
    </message>
    <message>
      <source>the {kind} pregnancy test of {taken} is {result}</source>
      <translation>{taken} 的{kind}妊娠试验结果为{result}</translation>
    </message>
    <message>
      <source>a live or attenuated vaccine on {day}, after the first dose on {first_dose}</source>
      <translation>{day} 接种了活疫苗或减毒疫苗，晚于 {first_dose} 的首次给药</translation>
    </message>
    <message>
      <source>years</source>
      <translation>岁</translation>
    </message>
    <message>
      <source>the birth date is needed</source>
      <translation>需要出生日期</translation>
    </message>
    <message>
      <source>the consent date is needed</source>
      <translation>需要知情同意日期</translation>
    </message>
    <message>
      <source>the ECOG performance status is needed</source>
      <translation>需要 ECOG 体能状态评分</translation>
    </message>
    <message>
      <source>{kind}: {result}</source>
      <translation>{kind}：{result}</translation>
    </message>
    <message>
      <source>the date of the last live or attenuated vaccine, or that there was none, is needed</source>
      <translation>需要最近一次活疫苗或减毒疫苗的接种日期，或说明从未接种</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>no live or attenuated vaccine</source>
      <translation>未接种活疫苗或减毒疫苗</translation>
    </message>
    <message>
      <source>a live or attenuated vaccine on {day}, {days} days before the first dose on {first_dose}, is within {within} days</source>
      <translation>{day} 接种了活疫苗或减毒疫苗，在 {first_dose} 首次给药前 {days} 天，在 {within} 天以内</translation>
    </message>
    <message>
      <source>the last live or attenuated vaccine, on {day}, was {days} days before the first dose on {first_dose}: more than {within}</source>
      <translation>最近一次活疫苗或减毒疫苗接种于 {day}，在 {first_dose} 首次给药前 {days} 天：超过 {within} 天</translation>
    </message>
    <message>
      <source>ECG</source>
      <translation>心电图</translation>
    </message>
    <message>
      <source>{fact} is {looser} but not {stricter}: whether it is met depends on the subject's sex</source>
      <translation>{fact}，符合 {looser}，但不符合 {stricter}：是否符合取决于受试者性别</translation>
    </message>
    <message>
      <source>LVEF measurement</source>
      <translation>LVEF 测定</translation>
    </message>
    <message>
      <source>pregnancy test</source>
      <translation>妊娠试验</translation>
    </message>
    <message>
      <source>a serum test is needed, and its result decides</source>
      <translation>需要进行血清妊娠试验，并以其结果为准</translation>
    </message>
    <message>
      <source>the test must be repeated</source>
      <translation>需要重新检测</translation>
    </message>
    <message>
      <source>it prevails over the urine test of {taken}</source>
      <translation>以此为准，而不是 {taken} 的尿妊娠试验</translation>
    </message>
    <message>
      <source>on or before the first dose and every study evaluation</source>
      <translation>不晚于首次给药及每项研究评估</translation>
    </message>
    <message>
      <source>applies to women only</source>
      <translation>仅适用于女性</translation>
    </message>
    <message>
      <source>applies to men only</source>
      <translation>仅适用于男性</translation>
    </message>
    <message>
      <source>applies to women of childbearing potential only</source>
      <translation>仅适用于有生育能力的女性</translation>
    </message>
    <message>
      <source>whether it applies depends on the subject's sex, which is not given</source>
      <translation>是否适用取决于受试者性别，但未提供性别</translation>
    </message>
    <message>
      <source>consent of {consent}, on or before the first dose and every evaluation used</source>
      <translation>{consent} 签署知情同意，不晚于首次给药及所用的每项评估</translation>
    </message>
    <message>
      <source>the investigator attests that it does not hold</source>
      <translation>研究者确认该条不成立</translation>
    </message>
    <message>
      <source>the investigator attests that it applies</source>
      <translation>研究者确认存在该情况</translation>
    </message>
    <message>
      <source>whether it applies depends on whether she can become pregnant, which is not given</source>
      <translation>是否适用取决于她是否有生育能力，但未提供</translation>
    </message>
    <message>
      <source>the consent of {consent} is after the first dose on {first_dose}</source>
      <translation>{consent} 的知情同意晚于 {first_dose} 的首次给药</translation>
    </message>
    <message>
      <source>awaiting the investigator's attestation</source>
      <translation>等待研究者确认</translation>
    </message>
    <message>
      <source>the investigator attests that it holds</source>
      <translation>研究者确认该条成立</translation>
    </message>
    <message>
      <source>the investigator attests that it is absent</source>
      <translation>研究者确认不存在该情况</translation>
    </message>
    <message>
      <source>{id} is measured from the screening record, so it cannot be attested</source>
      <translation>{id} 依据筛选记录测定，不能由研究者确认代替</translation>
    </message>
    <message>
      <source>eligibility is not defined for this protocol ({protocol})</source>
      <translation>此方案（{protocol}）未规定入选资格</translation>
    </message>
    <message>
      <source>the {what} of {taken} is before the consent of {consent}</source>
      <translation>{taken} 的{what}早于 {consent} 的知情同意</translation>
    </message>
    <message>
      <source>the evaluations of {taken} ({what}) are before the consent of {consent}</source>
      <translation>{taken} 的评估（{what}）早于 {consent} 的知情同意</translation>
    </message>
    <message>
      <source>{id} is measured from the screening record, so it cannot be attested: give its value instead</source>
      <translation>{id} 依据筛选记录测定，不能由研究者确认代替：请提供其数值</translation>
    </message>
    <message>
      <source>there is no criterion {id} in protocol {protocol}</source>
      <translation>方案 {protocol} 中没有标准 {id}</translation>
    </message>
    <message>
      <source>{id} is attested item by item: use {items}</source>
      <translation>{id} 需逐项确认：请使用 {items}</translation>
    </message>
    <message>
      <source>{quantity} on {taken}</source>
      <translation>{quantity}（{taken}）</translation>
    </message>
    <message>
      <source>{first}; {second}</source>
      <translation>{first}；{second}</translation>
    </message>
    <message>
      <source>no {what} in the {days} days before the first dose on {first_dose}</source>
      <translation>{first_dose} 首次给药前 {days} 天内没有{what}</translation>
    </message>
    <message>
      <source>{value} {unit}</source>
      <translation>{value} {unit}</translation>
    </message>
    <message>
      <source>{fact} is {limit}</source>
      <translation>{fact}，符合 {limit}</translation>
    </message>
    <message>
      <source>{fact} is not {limit}</source>
      <translation>{fact}，不符合 {limit}</translation>
    </message>
    <message>
      <source>the latest, of {taken}, is {age} days before it and no longer counts</source>
      <translation>最近一次为 {taken}，在其前 {age} 天，已不再有效</translation>
    </message>
    <message>
      <source>the one of {taken} is after the first dose</source>
      <translation>{taken} 的结果晚于首次给药</translation>
    </message>
    <message>
      <source>≤ {multiple} × ULN ({limit})</source>
      <translation>≤ {multiple} × ULN（{limit}）</translation>
    </message>
    <message>
      <source>{value} {unit} ({given_value} {given_unit}) on {taken}</source>
      <translation>{value} {unit}（{given_value} {given_unit}），{taken}</translation>
    </message>
    <message>
      <source>{lab}: {reason}</source>
      <translation>{lab}：{reason}</translation>
    </message>
    <message>
      <source>{first} or {second}</source>
      <translation>{first}或{second}</translation>
    </message>
    <message>
      <source>dipstick {reading} on {taken}</source>
      <translation>试纸 {reading}（{taken}）</translation>
    </message>
    <message>
      <source>24-hour urine protein {quantity} on {taken}</source>
      <translation>24 小时尿蛋白 {quantity}（{taken}）</translation>
    </message>
    <message>
      <source>≤ {multiple} × ULN</source>
      <translation>≤ {multiple} × ULN</translation>
    </message>
    <message>
      <source>≤ {multiple} × ULN ({limit} {unit})</source>
      <translation>≤ {multiple} × ULN（{limit} {unit}）</translation>
    </message>
    <message>
      <source>{limit} with liver metastases</source>
      <translation>{limit}（有肝转移）</translation>
    </message>
    <message>
      <source>{limit} or CrCl ≥ {crcl} mL/min</source>
      <translation>{limit} 或 CrCl ≥ {crcl} mL/min</translation>
    </message>
    <message>
      <source>{labs} {limit}</source>
      <translation>{labs} {limit}</translation>
    </message>
    <message>
      <source>a creatinine clearance needs {needs}</source>
      <translation>计算肌酐清除率需要{needs}</translation>
    </message>
    <message>
      <source>a creatinine clearance needs the creatinine in µmol/L or mg/dL, not {unit}</source>
      <translation>计算肌酐清除率需要以 µmol/L 或 mg/dL 表示的肌酐，而不是 {unit}</translation>
    </message>
    <message>
      <source>{lab} result</source>
      <translation>{lab}结果</translation>
    </message>
    <message>
      <source>{lab} {value}</source>
      <translation>{lab} {value}</translation>
    </message>
    <message>
      <source>dipstick {limit}</source>
      <translation>试纸 {limit}</translation>
    </message>
    <message>
      <source>24-hour urine protein {limit}</source>
      <translation>24 小时尿蛋白 {limit}</translation>
    </message>
    <message>
      <source>a 24-hour urine protein {limit} would still meet it</source>
      <translation>24 小时尿蛋白 {limit} 仍可符合</translation>
    </message>
    <message>
      <source>a dipstick {limit} would still meet it</source>
      <translation>尿蛋白试纸 {limit} 仍可符合</translation>
    </message>
    <message>
      <source>{fact}: the laboratory's upper limit of normal (ULN) is needed to judge it</source>
      <translation>{fact}：需要实验室正常值上限（ULN）才能判断</translation>
    </message>
    <message>
      <source>{reason}; CrCl {crcl} mL/min is ≥ {crcl_min} mL/min</source>
      <translation>{reason}；CrCl {crcl} mL/min，符合 ≥ {crcl_min} mL/min</translation>
    </message>
    <message>
      <source>{reason}; CrCl {crcl} mL/min is not ≥ {crcl_min} mL/min</source>
      <translation>{reason}；CrCl {crcl} mL/min，不符合 ≥ {crcl_min} mL/min</translation>
    </message>
    <message>
      <source>urine protein result</source>
      <translation>尿蛋白结果</translation>
    </message>
    <message>
      <source>urine protein dipstick</source>
      <translation>尿蛋白试纸</translation>
    </message>
    <message>
      <source>the weight</source>
      <translation>体重</translation>
    </message>
    <message>
      <source>the sex</source>
      <translation>性别</translation>
    </message>
    <message>
      <source>the birth date</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>it is {limit}: say whether the subject has liver metastases</source>
      <translation>符合 {limit}：请说明受试者是否有肝转移</translation>
    </message>
    <message>
      <source>it is not {limit} either</source>
      <translation>也不符合 {limit}</translation>
    </message>
    <message>
      <source>a CrCl ≥ {crcl} mL/min would still meet it, but {problem}</source>
      <translation>CrCl ≥ {crcl} mL/min 仍可符合，但{problem}</translation>
    </message>
    <message>
      <source>eligibility criteria not met</source>
      <translation>未满足入选/排除标准</translation>
    </message>
    <message>
      <source>consent withdrawn before the first dose</source>
      <translation>首次给药前撤回知情同意</translation>
    </message>
    <message>
      <source>investigator's decision</source>
      <translation>研究者决定</translation>
    </message>
    <message>
      <source>lost to follow-up during screening</source>
      <translation>筛选期间失访</translation>
    </message>
    <message>
      <source>died during screening</source>
      <translation>筛选期间死亡</translation>
    </message>
    <message>
      <source>{reason} ({criteria})</source>
      <translation>{reason}（{criteria}）</translation>
    </message>
    <message>
      <source>{reason}: {detail}</source>
      <translation>{reason}：{detail}</translation>
    </message>
    <message>
      <source>{what} {value} is not a number</source>
      <translation>{what} {value} 不是数字</translation>
    </message>
    <message>
      <source>{what} {value} {unit} is impossible: it must be between {low} and {high} {unit}</source>
      <translation>{what} {value} {unit} 不可能：必须在 {low} 至 {high} {unit} 之间</translation>
    </message>
    <message>
      <source>a QT interval of</source>
      <translation>QT 间期</translation>
    </message>
    <message>
      <source>an LVEF of</source>
      <translation>LVEF</translation>
    </message>
    <message>
      <source>an ECG needs either its RR interval or its heart rate, one of the two</source>
      <translation>心电图需要 RR 间期或心率，二者之一</translation>
    </message>
    <message>
      <source>an RR interval of</source>
      <translation>RR 间期</translation>
    </message>
    <message>
      <source>a heart rate of</source>
      <translation>心率</translation>
    </message>
    <message>
      <source>a pregnancy test is urine or serum, not {value}</source>
      <translation>妊娠试验为尿或血清，而不是 {value}</translation>
    </message>
    <message>
      <source>a pregnancy test's result is negative, positive or indeterminate, not {value}</source>
      <translation>妊娠试验结果为阴性、阳性或不确定，而不是 {value}</translation>
    </message>
    <message>
      <source>a urine protein dipstick reads {scale}, not {value}</source>
      <translation>尿蛋白试纸读数为 {scale}，而不是 {value}</translation>
    </message>
    <message>
      <source>sex must be female or male, not {value}</source>
      <translation>性别必须为女或男，而不是 {value}</translation>
    </message>
    <message>
      <source>an ECOG performance status is a whole number from 0 to 5, not {value}</source>
      <translation>ECOG 体能状态评分为 0 至 5 的整数，而不是 {value}</translation>
    </message>
    <message>
      <source>a weight of</source>
      <translation>体重</translation>
    </message>
    <message>
      <source>the consent date</source>
      <translation>知情同意日期</translation>
    </message>
    <message>
      <source>the first dose date</source>
      <translation>首次给药日期</translation>
    </message>
    <message>
      <source>the attestation of {id} must be true or false, not {value}</source>
      <translation>{id} 的确认必须为是或否，而不是 {value}</translation>
    </message>
    <message>
      <source>{what} {day} is before the birth date</source>
      <translation>{what} {day} 早于出生日期</translation>
    </message>
    <message>
      <source>{what} is not a plausible number: {value}.</source>
      <translation>{what}不是合理的数字：{value}。</translation>
    </message>
    <message>
      <source>{what} holds a control character ({code}): type it again without it.</source>
      <translation>{what}含有控制字符（{code}）：请去掉该字符后重新输入。</translation>
    </message>
    <message>
      <source>{what} is too long (at most {limit} characters).</source>
      <translation>{what}过长（最多 {limit} 个字符）。</translation>
    </message>
    <message>
      <source>{what} must be text.</source>
      <translation>{what}必须是文字。</translation>
    </message>
    <message>
      <source>{what} must be a number, not {value}.</source>
      <translation>{what}必须是数字，不能是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be between {low} and {high}, not {value}.</source>
      <translation>{what}必须在 {low} 到 {high} 之间，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be at least {low}, not {value}.</source>
      <translation>{what}不得小于 {low}，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be at most {high}, not {value}.</source>
      <translation>{what}不得大于 {high}，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be more than 0, not {value}.</source>
      <translation>{what}必须大于 0，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be a whole number, not {value}.</source>
      <translation>{what}必须是整数，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be a whole number from {low} to {high}, not {value}.</source>
      <translation>{what}必须是 {low} 到 {high} 之间的整数，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} must be a date between {earliest} and {latest}, not {value}.</source>
      <translation>{what}必须是 {earliest} 到 {latest} 之间的日期，而不是 {value}。</translation>
    </message>
    <message>
      <source>{what} holds an invisible direction mark ({code}) that can make it read differently on screen and on paper: type it again without it.</source>
      <translation>{what}含有不可见的文字方向标记（{code}），会使屏幕和纸面上的显示与输入不同：请去掉该标记后重新输入。</translation>
    </message>
    <message>
      <source>{what} holds an invisible character ({code}): type it again without it.</source>
      <translation>{what}含有不可见字符（{code}）：请去掉该字符后重新输入。</translation>
    </message>
    <message>
      <source>{what} must be a date like 2026-01-05, not {value}.</source>
      <translation>{what}必须是形如 2026-01-05 的日期，而不是 {value}。</translation>
    </message>
    <message>
      <source>The database is busy; try again.</source>
      <translation>数据库正忙，请重试。</translation>
    </message>
    <message>
      <source>DoseDesk works with SQLite or PostgreSQL; {backend} is not supported.</source>
      <translation>DoseDesk 支持 SQLite 或 PostgreSQL；不支持 {backend}。</translation>
    </message>
    <message>
      <source>a network (UNC) path</source>
      <translation>网络（UNC）路径</translation>
    </message>
    <message>
      <source>a {filesystem} network share</source>
      <translation>{filesystem} 网络共享</translation>
    </message>
    <message>
      <source>Use a postgresql:// address for PostgreSQL (DoseDesk connects with psycopg 3), not {driver}://.</source>
      <translation>PostgreSQL 请使用 postgresql:// 地址（DoseDesk 通过 psycopg 3 连接），而不是 {driver}://。</translation>
    </message>
    <message>
      <source>the network drive {drive}</source>
      <translation>网络驱动器 {drive}</translation>
    </message>
    <message>
      <source>The database file {path} is on {reason}. SQLite must never be opened on a network share: keep the file on this computer's own disk, or point DoseDesk at a PostgreSQL server with --database postgresql://… (or DOSEDESK_DATABASE_URL).</source>
      <translation>数据库文件 {path} 位于{reason}上。SQLite 绝不能在网络共享上打开：请将文件放在本机硬盘上，或用 --database postgresql://…（或 DOSEDESK_DATABASE_URL）让 DoseDesk 连接 PostgreSQL 服务器。</translation>
    </message>
    <message>
      <source>This is not a database address DoseDesk understands: {address}</source>
      <translation>DoseDesk 无法识别此数据库地址：{address}</translation>
    </message>
    <message>
      <source>Use a sqlite:/// address for SQLite, not {driver}://.</source>
      <translation>SQLite 请使用 sqlite:/// 地址，而不是 {driver}://。</translation>
    </message>
    <message>
      <source>DoseDesk could not switch the database file to write-ahead logging; check that the folder is writable.</source>
      <translation>DoseDesk 无法将数据库文件切换为预写日志（WAL）模式：请检查该文件夹是否可写。</translation>
    </message>
    <message>
      <source>DoseDesk cannot make the folder {folder}: {problem}</source>
      <translation>DoseDesk 无法创建文件夹 {folder}：{problem}</translation>
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
      <source>Cumulative dose (mg)</source>
      <translation>累积剂量（mg）</translation>
    </message>
    <message>
      <source>Cumulative dose (mg/kg)</source>
      <translation>累积剂量（mg/kg）</translation>
    </message>
    <message>
      <source>Planned DI (mg/kg/week)</source>
      <translation>计划剂量强度（mg/kg/周）</translation>
    </message>
    <message>
      <source>Delivered DI (mg/kg/week)</source>
      <translation>实际剂量强度（mg/kg/周）</translation>
    </message>
    <message>
      <source>RDI (%)</source>
      <translation>相对剂量强度（%）</translation>
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
      <source>Dose intensity: {study}</source>
      <translation>剂量强度：{study}</translation>
    </message>
    <message>
      <source>Relative dose intensity (%)</source>
      <translation>相对剂量强度（%）</translation>
    </message>
    <message>
      <source>Relative dose intensity per subject</source>
      <translation>各受试者的相对剂量强度</translation>
    </message>
    <message>
      <source>Days from the first dose</source>
      <translation>自首剂起的天数</translation>
    </message>
    <message>
      <source>Treatment course of each subject</source>
      <translation>各受试者的治疗过程</translation>
    </message>
    <message>
      <source>dose</source>
      <translation>给药访视</translation>
    </message>
    <message>
      <source>reduced dose</source>
      <translation>减量给药</translation>
    </message>
    <message>
      <source>end of treatment</source>
      <translation>治疗结束</translation>
    </message>
    <message>
      <source>{drug}: planned dose intensity = starting level × doses a cycle ÷ weeks a cycle; delivered = mg/kg given ÷ weeks from the first dose to one interval after the last. Records as of {day}.</source>
      <translation>{drug}：计划剂量强度 = 起始剂量水平 × 每周期给药次数 ÷ 每周期周数；实际剂量强度 = 已给予的 mg/kg ÷ 自首剂至末次给药后一个给药间隔的周数。记录截至 {day}。</translation>
    </message>
    <message>
      <source>held</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>A bag label needs stock of at least {min_width} × {min_height} mm; {width} × {height} mm is too small to print every required element.</source>
      <translation>输液袋标签需要至少 {min_width} × {min_height} mm 的标签纸；{width} × {height} mm 太小，无法打印全部必需内容。</translation>
    </message>
    <message>
      <source>A label larger than {max_side} mm on a side is not label stock.</source>
      <translation>任一边超过 {max_side} mm 的不是标签纸。</translation>
    </message>
    <message>
      <source>The label for order {order} does not fit on {width} × {height} mm stock.</source>
      <translation>医嘱 {order} 的标签在 {width} × {height} mm 的标签纸上放不下。</translation>
    </message>
    <message>
      <source>protocol file {file}: field '{field}' {problem}</source>
      <translation>方案文件 {file}：字段“{field}”{problem}</translation>
    </message>
    <message>
      <source>must be a list of whole numbers</source>
      <translation>必须是整数列表</translation>
    </message>
    <message>
      <source>must start at 1, rise, and stay within the {cycle}-day cycle</source>
      <translation>必须从 1 开始、依次递增，且不超出 {cycle} 天的周期</translation>
    </message>
    <message>
      <source>must be a non-empty list</source>
      <translation>必须是非空列表</translation>
    </message>
    <message>
      <source>must fall strictly from the starting level</source>
      <translation>必须从起始剂量水平起严格递减</translation>
    </message>
    <message>
      <source>and the other weight limits must nest: hard min ≤ soft min &lt; soft max ≤ hard max</source>
      <translation>及其他体重限值必须逐层嵌套：硬下限 ≤ 软下限 &lt; 软上限 ≤ 硬上限</translation>
    </message>
    <message>
      <source>must be below final_concentration_max_mg_per_ml</source>
      <translation>必须小于 final_concentration_max_mg_per_ml</translation>
    </message>
    <message>
      <source>must fall within the cycle</source>
      <translation>必须在周期之内</translation>
    </message>
    <message>
      <source>must be a two-letter country code such as CN, not {value}</source>
      <translation>必须是两个字母的国家代码（如 CN），而不是 {value}</translation>
    </message>
    <message>
      <source>must be {unit}</source>
      <translation>必须为 {unit}</translation>
    </message>
    <message>
      <source>or 'labs' is needed, not both</source>
      <translation>或 'labs' 二者需其一，不能同时给出</translation>
    </message>
    <message>
      <source>must name each lab once</source>
      <translation>每项检验只能列出一次</translation>
    </message>
    <message>
      <source>is needed with several labs: "any" (one is enough) or "all"</source>
      <translation>在多项检验时为必填："any"（一项即可）或 "all"（全部）</translation>
    </message>
    <message>
      <source>must not be stricter than the limit</source>
      <translation>不能比限值更严格</translation>
    </message>
    <message>
      <source>belongs only to a creatinine limit in multiples of the ULN</source>
      <translation>只适用于以 ULN 倍数表示的肌酐限值</translation>
    </message>
    <message>
      <source>must list at least one criterion</source>
      <translation>必须至少列出一项标准</translation>
    </message>
    <message>
      <source>must be letters, digits, dots, dashes or underscores (at most {limit}), like nct07343453</source>
      <translation>只能由字母、数字、点、连字符或下划线组成（最多 {limit} 个），例如 nct07343453</translation>
    </message>
    <message>
      <source>protocol file {file}: larger than {limit} KB, so not a protocol file</source>
      <translation>方案文件 {file}：大于 {limit} KB，不是方案文件</translation>
    </message>
    <message>
      <source>no protocol named {name}; shipped protocols: {known}</source>
      <translation>没有名为 {name} 的方案；随附的方案：{known}</translation>
    </message>
    <message>
      <source>protocol file {file} says it is protocol {id}: a shipped protocol file is named after its id</source>
      <translation>方案文件 {file} 声明它是方案 {id}：随软件提供的方案文件应以其 id 命名</translation>
    </message>
    <message>
      <source>is missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <source>must be a table</source>
      <translation>必须是表</translation>
    </message>
    <message>
      <source>must be a non-empty list of tables</source>
      <translation>必须是非空的表列表</translation>
    </message>
    <message>
      <source>must be a non-empty text</source>
      <translation>必须是非空文本</translation>
    </message>
    <message>
      <source>is too long: at most {limit} characters</source>
      <translation>太长：最多 {limit} 个字符</translation>
    </message>
    <message>
      <source>The text</source>
      <translation>文字</translation>
    </message>
    <message>
      <source>must be true or false</source>
      <translation>必须为 true 或 false</translation>
    </message>
    <message>
      <source>must be a whole number, not {value}</source>
      <translation>必须是整数，而不是 {value}</translation>
    </message>
    <message>
      <source>must be at least {minimum}, not {value}</source>
      <translation>不得小于 {minimum}，当前为 {value}</translation>
    </message>
    <message>
      <source>must be at most {maximum}, not {value}</source>
      <translation>不得大于 {maximum}，当前为 {value}</translation>
    </message>
    <message>
      <source>must be a number written as text (e.g. "1.5"), not {value}</source>
      <translation>必须是写成文本的数字（如 "1.5"），而不是 {value}</translation>
    </message>
    <message>
      <source>is not a plausible number: {value}</source>
      <translation>不是合理的数字：{value}</translation>
    </message>
    <message>
      <source>must be a positive number, not {value}</source>
      <translation>必须是正数，而不是 {value}</translation>
    </message>
    <message>
      <source>must be a list of texts</source>
      <translation>必须是文本列表</translation>
    </message>
    <message>
      <source>must be a table of dose day = limit</source>
      <translation>必须是“给药日 = 限值”形式的表</translation>
    </message>
    <message>
      <source>must be one of {allowed}, not {value}</source>
      <translation>必须是 {allowed} 之一，而不是 {value}</translation>
    </message>
    <message>
      <source>is needed on every phase but the last</source>
      <translation>除最后一个阶段外，每个阶段都必须填写</translation>
    </message>
    <message>
      <source>has {value}; use mon, tue, wed, thu, fri, sat, sun</source>
      <translation>含有 {value}；请使用 mon、tue、wed、thu、fri、sat、sun</translation>
    </message>
    <message>
      <source>names {value}, which is neither a key of toxicity.terms nor a catch-all</source>
      <translation>指定的 {value} 既不是 toxicity.terms 中的键，也不是兜底规则</translation>
    </message>
    <message>
      <source>must be [lowest, highest] grades between 1 and 5</source>
      <translation>必须为 [最低, 最高] 分级，取值在 1 到 5 级之间</translation>
    </message>
    <message>
      <source>is not a field of an eligibility criterion here; use {allowed}</source>
      <translation>不是此处入选资格标准的字段；请使用 {allowed}</translation>
    </message>
    <message>
      <source>is not usable: {reason}</source>
      <translation>不可用：{reason}</translation>
    </message>
    <message>
      <source>names {lab}, which is not a lab DoseDesk knows ({labs})</source>
      <translation>指定了 {lab}，DoseDesk 不认识该检验项目（{labs}）</translation>
    </message>
    <message>
      <source>has no place in a multiple of the ULN</source>
      <translation>在 ULN 倍数中不应出现</translation>
    </message>
    <message>
      <source>must be one lab for a limit in a unit</source>
      <translation>带单位的限值只能对应一项检验</translation>
    </message>
    <message>
      <source>must be an ECOG score from 0 to 5, not {value}</source>
      <translation>必须为 0 至 5 的 ECOG 评分，而不是 {value}</translation>
    </message>
    <message>
      <source>must be a percentage up to 100, not {value}</source>
      <translation>必须为不超过 100 的百分比，而不是 {value}</translation>
    </message>
    <message>
      <source>is not a criterion id: use I1, I2, … for inclusion and E1, E2, … for exclusion criteria</source>
      <translation>不是标准编号：入选标准用 I1、I2、…，排除标准用 E1、E2、…</translation>
    </message>
    <message>
      <source>is missing: criteria {letter}1, {letter}2, … are numbered without a gap</source>
      <translation>缺失：标准 {letter}1、{letter}2、… 须连续编号</translation>
    </message>
    <message>
      <source>protocol file {file}: not valid TOML ({error})</source>
      <translation>方案文件 {file}：不是有效的 TOML（{error}）</translation>
    </message>
    <message>
      <source>protocol file {file}: not valid TOML (nested too deeply, or a number far too long)</source>
      <translation>方案文件 {file}：不是有效的 TOML（嵌套过深，或数字过长）</translation>
    </message>
    <message>
      <source>must be a date like 2029-12-22, not {value}</source>
      <translation>必须是形如 2029-12-22 的日期，而不是 {value}</translation>
    </message>
    <message>
      <source>there is no such file</source>
      <translation>没有这个文件</translation>
    </message>
    <message>
      <source>it is not a file</source>
      <translation>它不是文件</translation>
    </message>
    <message>
      <source>protocol file {file}: {problem}</source>
      <translation>方案文件 {file}：{problem}</translation>
    </message>
    <message>
      <source>protocol file {file}: cannot be read ({reason})</source>
      <translation>方案文件 {file}：无法读取（{reason}）</translation>
    </message>
    <message>
      <source>holds a control character or a direction override</source>
      <translation>含有控制字符或文字方向覆盖字符</translation>
    </message>
    <message>
      <source>is not a number: {value}</source>
      <translation>不是数字：{value}</translation>
    </message>
    <message>
      <source>names day {day}, which is not a dose day {dose_days}</source>
      <translation>列出的日期 {day} 不是给药日 {dose_days} 之一</translation>
    </message>
    <message>
      <source>must be below the rule's lowest grade</source>
      <translation>必须低于该规则的最低分级</translation>
    </message>
    <message>
      <source>has no place beside the criterion's items: give it to each item</source>
      <translation>不能与标准的分项并列：请写在每个分项中</translation>
    </message>
    <message>
      <source>is not an item name: use small letters, digits and _ (e.g. neutrophils)</source>
      <translation>不是分项名称：请使用小写字母、数字和 _（例如 neutrophils）</translation>
    </message>
    <message>
      <source>lists {value}, which is not a field of the file</source>
      <translation>列出的 {value} 不是本文件中的字段</translation>
    </message>
    <message>
      <source>Mon</source>
      <translation>周一</translation>
    </message>
    <message>
      <source>Tue</source>
      <translation>周二</translation>
    </message>
    <message>
      <source>Wed</source>
      <translation>周三</translation>
    </message>
    <message>
      <source>Thu</source>
      <translation>周四</translation>
    </message>
    <message>
      <source>Fri</source>
      <translation>周五</translation>
    </message>
    <message>
      <source>Sat</source>
      <translation>周六</translation>
    </message>
    <message>
      <source>Sun</source>
      <translation>周日</translation>
    </message>
    <message>
      <source>{date} ({weekday})</source>
      <translation>{date}（{weekday}）</translation>
    </message>
    <message>
      <source>The clinic is closed on {day}: {reason}.</source>
      <translation>门诊 {day} 休息：{reason}。</translation>
    </message>
    <message>
      <source>the previous dose</source>
      <translation>上一次给药</translation>
    </message>
    <message>
      <source>{dose} on {day}</source>
      <translation>{day}的{dose}</translation>
    </message>
    <message>
      <source>{day} is less than {gap} days after {previous}; not before {not_before}.</source>
      <translation>{day} 距{previous}不足 {gap} 天；不得早于 {not_before}。</translation>
    </message>
    <message>
      <source>Given on {day}, less than {gap} days after {previous}; not before {not_before}.</source>
      <translation>于 {day} 给药，距{previous}不足 {gap} 天；不得早于 {not_before}。</translation>
    </message>
    <message>
      <source>{day} is outside the window {start} to {end}.</source>
      <translation>{day} 超出窗口期 {start} 至 {end}。</translation>
    </message>
    <message>
      <source>{day} has already passed.</source>
      <translation>{day} 已过。</translation>
    </message>
    <message>
      <source>Booked for {day}, which has passed, and not recorded as done.</source>
      <translation>原预约在 {day}，该日已过，但未记录为已完成。</translation>
    </message>
    <message>
      <source>No open clinic day from {start} to {end}: choose a day by hand and record why.</source>
      <translation>{start} 至 {end} 期间门诊均不开诊：请手动选择日期并记录原因。</translation>
    </message>
    <message>
      <source>Day {day} was due by {end}; if it is not given by Day {last_day} of the cycle ({deadline}) it is omitted.</source>
      <translation>第 {day} 天应在 {end} 前给药；如到本周期第 {last_day} 天（{deadline}）仍未给药，则省略该次给药。</translation>
    </message>
    <message>
      <source>Still booked for {day}, but the visit is omitted: cancel the booking.</source>
      <translation>仍预约在 {day}，但该访视已省略：请取消预约。</translation>
    </message>
    <message>
      <source>Still booked for {day}, but the visit is cancelled: cancel the booking.</source>
      <translation>仍预约在 {day}，但该访视已取消：请取消预约。</translation>
    </message>
    <message>
      <source>Due by {end} and not given yet: Day 1 waits until the criteria to treat are met, and later cycles move with it.</source>
      <translation>应在 {end} 前给药，尚未给药：第 1 天须等到符合给药标准，之后的周期随之顺延。</translation>
    </message>
    <message>
      <source>Due by {end} and not given yet: Day 1 waits until the criteria to treat are met, and later cycles move with it; the next open clinic day is {next_open}.</source>
      <translation>应在 {end} 前给药，尚未给药：第 1 天须等到符合给药标准，之后的周期随之顺延；下一个门诊开诊日为 {next_open}。</translation>
    </message>
    <message>
      <source>Given on {day}, outside its window {start} to {end}.</source>
      <translation>于 {day} 给药，超出其窗口期 {start} 至 {end}。</translation>
    </message>
    <message>
      <source>Given on {day}, after Day {last_day} of its cycle ({deadline}), when it should have been omitted.</source>
      <translation>于 {day} 给药，晚于本周期第 {last_day} 天（{deadline}），该次给药本应省略。</translation>
    </message>
    <message>
      <source>Day 1 was given {delay} days after its target {target}, more than the {max_delay} days the protocol allows.</source>
      <translation>第 1 天在目标日期 {target} 之后 {delay} 天给药，超过方案允许的 {max_delay} 天。</translation>
    </message>
    <message>
      <source>No day of the window {start} to {end} is at least {gap} days after {previous}; the earliest allowed day is {not_before}.</source>
      <translation>窗口期 {start} 至 {end} 内没有距{previous}至少 {gap} 天的日期；最早允许日期为 {not_before}。</translation>
    </message>
    <message>
      <source>Day 1 is {delay} days past its target {target}, more than the {max_delay} days the protocol allows: the investigator should consider stopping treatment (continuing needs a recorded reason).</source>
      <translation>第 1 天已超过目标日期 {target} {delay} 天，超过方案允许的 {max_delay} 天：研究者应考虑终止治疗（继续治疗须记录原因）。</translation>
    </message>
    <message>
      <source>Done on {day}, outside its window {start} to {end}.</source>
      <translation>于 {day} 完成，超出其窗口期 {start} 至 {end}。</translation>
    </message>
    <message>
      <source>The target {target} is less than {gap} days after {previous}; not before {not_before}.</source>
      <translation>目标日期 {target} 距{previous}不足 {gap} 天；不得早于 {not_before}。</translation>
    </message>
    <message>
      <source>weekend</source>
      <translation>周末</translation>
    </message>
    <message>
      <source>closed by the site</source>
      <translation>本中心停诊</translation>
    </message>
    <message>
      <source>the clinic does not open on {weekdays}</source>
      <translation>门诊{weekdays}不开诊</translation>
    </message>
    <message>
      <source>Mondays</source>
      <translation>周一</translation>
    </message>
    <message>
      <source>Tuesdays</source>
      <translation>周二</translation>
    </message>
    <message>
      <source>Wednesdays</source>
      <translation>周三</translation>
    </message>
    <message>
      <source>Thursdays</source>
      <translation>周四</translation>
    </message>
    <message>
      <source>Fridays</source>
      <translation>周五</translation>
    </message>
    <message>
      <source>Saturdays</source>
      <translation>周六</translation>
    </message>
    <message>
      <source>Sundays</source>
      <translation>周日</translation>
    </message>
    <message>
      <source>No public-holiday calendar is known for the country code {country}.</source>
      <translation>没有国家代码 {country} 的公共假日日历。</translation>
    </message>
    <message>
      <source>{day} is given both as a site closure and as an extra opening day.</source>
      <translation>{day} 同时被设为本中心停诊日和额外开诊日。</translation>
    </message>
    <message>
      <source>A weekday number runs from 0 (Monday) to 6 (Sunday), not {number}.</source>
      <translation>星期编号应为 0（周一）至 6（周日），不能是 {number}。</translation>
    </message>
    <message>
      <source>Unknown weekday {weekday}; use mon, tue, wed, thu, fri, sat or sun.</source>
      <translation>未知的星期 {weekday}；请使用 mon、tue、wed、thu、fri、sat 或 sun。</translation>
    </message>
    <message>
      <source>Disease progression</source>
      <translation>疾病进展</translation>
    </message>
    <message>
      <source>Withdrawal by the subject</source>
      <translation>受试者退出</translation>
    </message>
    <message>
      <source>Death</source>
      <translation>死亡</translation>
    </message>
    <message>
      <source>Lost to follow-up</source>
      <translation>失访</translation>
    </message>
    <message>
      <source>Pregnancy</source>
      <translation>妊娠</translation>
    </message>
    <message>
      <source>Protocol deviation</source>
      <translation>方案偏离</translation>
    </message>
    <message>
      <source>Study terminated by the sponsor</source>
      <translation>申办方终止研究</translation>
    </message>
    <message>
      <source>Completed the study</source>
      <translation>完成研究</translation>
    </message>
    <message>
      <source>Screen failure</source>
      <translation>筛选失败</translation>
    </message>
    <message>
      <source>{reason}: a reduction below the lowest dose level</source>
      <translation>{reason}：需减量至最低剂量水平以下</translation>
    </message>
    <message>
      <source>Unknown {what} {label}: visits are named SCR, C3D15, TA2, EOT, SFU or OS1.</source>
      <translation>未知的{what} {label}：访视名称为 SCR、C3D15、TA2、EOT、SFU 或 OS1 等。</translation>
    </message>
    <message>
      <source>Doses are recorded but C1D1 is not: C1D1 is the date of the first dose.</source>
      <translation>已记录给药，但未记录 C1D1：C1D1 是首次给药日期。</translation>
    </message>
    <message>
      <source>C1D1 is recorded as given on {day} but the history's C1D1 date is {c1d1}; they must be the same day.</source>
      <translation>C1D1 记录的给药日期为 {day}，但病史中的 C1D1 日期为 {c1d1}；两者必须是同一天。</translation>
    </message>
    <message>
      <source>{label} is recorded but {missing} is not: every cycle starts with its Day 1.</source>
      <translation>已记录 {label}，但未记录 {missing}：每个周期都从第 1 天开始。</translation>
    </message>
    <message>
      <source>omitted visit</source>
      <translation>已省略的访视</translation>
    </message>
    <message>
      <source>held visit</source>
      <translation>暂停给药的访视</translation>
    </message>
    <message>
      <source>visit done</source>
      <translation>已完成访视</translation>
    </message>
    <message>
      <source>Unknown {what} {label}: dose visits are named like {example} ({days}).</source>
      <translation>未知的{what} {label}：给药访视的名称形如 {example}（{days}）。</translation>
    </message>
    <message>
      <source>{label} is recorded on {day}, before C1D1 ({c1d1}).</source>
      <translation>{label} 记录的日期为 {day}，早于 C1D1（{c1d1}）。</translation>
    </message>
    <message>
      <source>{label} is recorded as given on {day}, after the as-of date {as_of}.</source>
      <translation>{label} 记录的给药日期为 {day}，晚于截至日期 {as_of}。</translation>
    </message>
    <message>
      <source>Doses are out of order: {label} on {day} is not after {previous} on {previous_day}.</source>
      <translation>给药顺序有误：{label}（{day}）不晚于 {previous}（{previous_day}）。</translation>
    </message>
    <message>
      <source>{label} cannot be omitted: a Day 1 that is held waits until it can be given.</source>
      <translation>{label} 不能省略：暂停给药的第 1 天须等到可以给药时再给。</translation>
    </message>
    <message>
      <source>{label} is recorded both as given and as omitted.</source>
      <translation>{label} 同时被记录为已给药和已省略。</translation>
    </message>
    <message>
      <source>booked visit</source>
      <translation>已预约访视</translation>
    </message>
    <message>
      <source>{label} is a dose: record it with the doses given, not with the visits done.</source>
      <translation>{label} 是给药访视：请记录在已给药中，而不是已完成的访视中。</translation>
    </message>
    <message>
      <source>{label} is recorded as done on {day}, after the as-of date.</source>
      <translation>{label} 记录的完成日期为 {day}，晚于截至日期。</translation>
    </message>
    <message>
      <source>{label} is recorded but treatment has not been stopped.</source>
      <translation>已记录 {label}，但治疗尚未终止。</translation>
    </message>
    <message>
      <source>The decision to stop treatment ({stopped_on}) is before C1D1 ({c1d1}).</source>
      <translation>终止治疗的决定日期（{stopped_on}）早于 C1D1（{c1d1}）。</translation>
    </message>
    <message>
      <source>The decision to stop treatment is dated {stopped_on}, after the as-of date.</source>
      <translation>终止治疗的决定日期为 {stopped_on}，晚于截至日期。</translation>
    </message>
    <message>
      <source>Follow-up has ended but treatment has not been stopped: record the stop first.</source>
      <translation>随访已结束，但治疗尚未终止：请先记录终止治疗。</translation>
    </message>
    <message>
      <source>The end of follow-up is dated before the decision to stop treatment.</source>
      <translation>随访结束日期早于终止治疗的决定日期。</translation>
    </message>
    <message>
      <source>{label} is recorded on {day}, after the decision to stop treatment on {stopped_on}.</source>
      <translation>{label} 记录的日期为 {day}，晚于 {stopped_on} 终止治疗的决定。</translation>
    </message>
    <message>
      <source>screening visit</source>
      <translation>筛选访视</translation>
    </message>
    <message>
      <source>dosing</source>
      <translation>给药</translation>
    </message>
    <message>
      <source>tumour assessment</source>
      <translation>肿瘤评估</translation>
    </message>
    <message>
      <source>safety follow-up</source>
      <translation>安全性随访</translation>
    </message>
    <message>
      <source>survival follow-up</source>
      <translation>生存随访</translation>
    </message>
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
      <source>The subject did not attend</source>
      <translation>受试者未到诊</translation>
    </message>
    <message>
      <source>The subject was unwell</source>
      <translation>受试者身体不适</translation>
    </message>
    <message>
      <source>The subject declined</source>
      <translation>受试者拒绝</translation>
    </message>
    <message>
      <source>The clinic or equipment was not available</source>
      <translation>诊室或设备不可用</translation>
    </message>
    <message>
      <source>At the subject's request</source>
      <translation>应受试者要求</translation>
    </message>
    <message>
      <source>Not given by Day {omit_day} of cycle {cycle}: omitted, not made up.</source>
      <translation>第 {cycle} 周期第 {omit_day} 天前未给药：已省略，不补给。</translation>
    </message>
    <message>
      <source>Its window ended on {day} with no visit recorded.</source>
      <translation>窗口期已于 {day} 结束，未记录访视。</translation>
    </message>
    <message>
      <source>Treatment stopped: no dose is planned after the decision.</source>
      <translation>治疗已终止：决定之后不再计划给药。</translation>
    </message>
    <message>
      <source>No longer on the calendar</source>
      <translation>已不在日程中</translation>
    </message>
    <message>
      <source>an administrator</source>
      <translation>管理员</translation>
    </message>
    <message>
      <source>a pharmacist</source>
      <translation>药师</translation>
    </message>
    <message>
      <source>a coordinator</source>
      <translation>研究协调员</translation>
    </message>
    <message>
      <source>an investigator</source>
      <translation>研究者</translation>
    </message>
    <message>
      <source>a nurse</source>
      <translation>护士</translation>
    </message>
    <message>
      <source>The reason</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>visit</source>
      <translation>访视</translation>
    </message>
    <message>
      <source>Sign in as {roles} to do this.</source>
      <translation>请以{roles}身份登录后再执行此操作。</translation>
    </message>
    <message>
      <source>Your account cannot be used; ask an administrator.</source>
      <translation>您的账户无法使用，请联系管理员。</translation>
    </message>
    <message>
      <source>Only {roles} can do this, and {name} is not one.</source>
      <translation>只有{roles}可以执行此操作，而 {name} 没有此角色。</translation>
    </message>
    <message>
      <source>There is no subject {subject}.</source>
      <translation>没有受试者 {subject}。</translation>
    </message>
    <message>
      <source>{what} needs a reason.</source>
      <translation>{what}需要填写原因。</translation>
    </message>
    <message>
      <source>There is no {what} {number}.</source>
      <translation>没有{what} {number}。</translation>
    </message>
    <message>
      <source>There is no {what} with the number {number}.</source>
      <translation>没有编号为 {number} 的{what}。</translation>
    </message>
    <message>
      <source>Visit {label} is not one of {subject}'s visits.</source>
      <translation>访视 {label} 不是受试者 {subject} 的访视。</translation>
    </message>
    <message>
      <source>{what} must be a date and time.</source>
      <translation>{what}必须是日期和时间。</translation>
    </message>
    <message>
      <source>{what} needs its time zone.</source>
      <translation>{what}需要带时区。</translation>
    </message>
    <message>
      <source>{what} needs one of the reasons offered.</source>
      <translation>{what}需要从所列原因中选择一项。</translation>
    </message>
    <message>
      <source>{what} for “{reason}” needs the detail written.</source>
      <translation>{what}选择“{reason}”时需填写详细说明。</translation>
    </message>
    <message>
      <source>{range} is not a reference range such as 3.5-5.0, 0-21 or &lt;40</source>
      <translation>{range} 不是参考范围（应如 3.5-5.0、0-21 或 &lt;40）</translation>
    </message>
    <message>
      <source>there is no value</source>
      <translation>没有结果值</translation>
    </message>
    <message>
      <source>{value} is beyond what the laboratory could measure, not a value DoseDesk can grade</source>
      <translation>{value} 超出实验室的测量范围，不是 DoseDesk 能分级的数值</translation>
    </message>
    <message>
      <source>{value} is not a number</source>
      <translation>{value} 不是数字</translation>
    </message>
    <message>
      <source>{value} is not a plausible number</source>
      <translation>{value} 不是合理的数字</translation>
    </message>
    <message>
      <source>{text} is not a reference range with its unit, such as 0-21 µmol/L or &lt;40 U/L</source>
      <translation>{text} 不是带单位的参考范围（应如 0-21 µmol/L 或 &lt;40 U/L）</translation>
    </message>
    <message>
      <source>{value} reads two ways (thousands, or a decimal comma): the laboratory must write it without a thousands separator</source>
      <translation>{value} 有两种读法（千位分隔符或小数逗号）：实验室须不带千位分隔符书写</translation>
    </message>
    <message>
      <source>the reference range {range} is upside down: its low end must be below its high end</source>
      <translation>参考范围 {range} 上下颠倒：下限必须低于上限</translation>
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
      <source>approved</source>
      <translation>已批准</translation>
    </message>
    <message>
      <source>row {row}</source>
      <translation>第 {row} 行</translation>
    </message>
    <message>
      <source>the start of the trail</source>
      <translation>审计追踪的开头</translation>
    </message>
    <message>
      <source>Audit trail: row {row} does not follow {after}; rows are missing or were inserted there.</source>
      <translation>审计追踪：第 {row} 行未接在{after}之后；此处有记录缺失或被插入。</translation>
    </message>
    <message>
      <source>Audit trail: row {row} was changed after it was written (its hash does not match).</source>
      <translation>审计追踪：第 {row} 行在写入后被改动（哈希值不符）。</translation>
    </message>
    <message>
      <source>Audit trail: rows {first} to {last} were removed from its end.</source>
      <translation>审计追踪：末尾的第 {first} 至 {last} 行被删除。</translation>
    </message>
    <message>
      <source>The 'from' day is after the 'to' day: nothing can match.</source>
      <translation>“起始”日期晚于“截止”日期：没有符合条件的记录。</translation>
    </message>
    <message>
      <source>Ask for between 1 and {most} audit rows.</source>
      <translation>请查询 1 到 {most} 条审计记录。</translation>
    </message>
    <message>
      <source>The weight in kg</source>
      <translation>以 kg 计的体重</translation>
    </message>
    <message>
      <source>The name of who measured the weight</source>
      <translation>测量体重者的姓名</translation>
    </message>
    <message>
      <source>Cancelling a weight</source>
      <translation>作废体重记录</translation>
    </message>
    <message>
      <source>Correcting a weight</source>
      <translation>更正体重</translation>
    </message>
    <message>
      <source>Cancelling a lab result</source>
      <translation>作废化验结果</translation>
    </message>
    <message>
      <source>The subject number</source>
      <translation>受试者编号</translation>
    </message>
    <message>
      <source>A weight must be a number in kg, not {value}.</source>
      <translation>体重必须是以 kg 为单位的数字，不能是 {value}。</translation>
    </message>
    <message>
      <source>A weight must be more than 0 kg, not {weight}.</source>
      <translation>体重必须大于 0 kg，不能是 {weight}。</translation>
    </message>
    <message>
      <source>A weight of {weight} is outside {lowest} to {highest}: check the weight and that it is in kg.</source>
      <translation>体重 {weight} 超出 {lowest} 至 {highest} 的范围：请核对体重及单位是否为 kg。</translation>
    </message>
    <message>
      <source>Say who measured the weight.</source>
      <translation>请填写测量体重的人。</translation>
    </message>
    <message>
      <source>The day the weight was measured</source>
      <translation>体重测量日期</translation>
    </message>
    <message>
      <source>subject</source>
      <translation>受试者</translation>
    </message>
    <message>
      <source>This weight is already cancelled.</source>
      <translation>该体重记录已经作废。</translation>
    </message>
    <message>
      <source>Order {orders} was calculated on this weight: cancel the order first.</source>
      <translation>医嘱 {orders} 是按此体重计算的：请先作废该医嘱。</translation>
    </message>
    <message>
      <source>Order {orders} was given on this weight; the record of what was given stays as it is.</source>
      <translation>医嘱 {orders} 已按此体重给药；给药记录保持不变。</translation>
    </message>
    <message>
      <source>weight record</source>
      <translation>体重记录</translation>
    </message>
    <message>
      <source>The {lab} value must be a number, not {value}.</source>
      <translation>{lab} 的数值必须是数字，不能是 {value}。</translation>
    </message>
    <message>
      <source>Give at least one lab result.</source>
      <translation>请至少填写一项化验结果。</translation>
    </message>
    <message>
      <source>Give at most {count} lab results at once.</source>
      <translation>一次最多录入 {count} 项检验结果。</translation>
    </message>
    <message>
      <source>The day the labs were collected</source>
      <translation>检验采样日期</translation>
    </message>
    <message>
      <source>The lab</source>
      <translation>检验项目</translation>
    </message>
    <message>
      <source>The unit</source>
      <translation>单位</translation>
    </message>
    <message>
      <source>lab result</source>
      <translation>化验结果</translation>
    </message>
    <message>
      <source>A weight can be recorded only for a day that has come.</source>
      <translation>只能记录今天或之前日期的体重。</translation>
    </message>
    <message>
      <source>Labs can be recorded only for a day that has come.</source>
      <translation>只能记录今天或之前日期的化验。</translation>
    </message>
    <message>
      <source>This lab result is already cancelled.</source>
      <translation>该化验结果已经作废。</translation>
    </message>
    <message>
      <source>{visit} is not a dose visit: criteria to treat apply to doses.</source>
      <translation>{visit} 不是给药访视：给药标准只适用于给药。</translation>
    </message>
    <message>
      <source>Constraint {name} on {table} is not validated.</source>
      <translation>{table} 上的约束 {name} 未经验证。</translation>
    </message>
    <message>
      <source>Row {row} of {table} points at a missing row of {parent}.</source>
      <translation>{table} 的第 {row} 行指向 {parent} 中不存在的行。</translation>
    </message>
    <message>
      <source>The database guard {name} is missing or disabled.</source>
      <translation>数据库保护触发器 {name} 缺失或已停用。</translation>
    </message>
    <message>
      <source>There is no DoseDesk database at {place}.</source>
      <translation>{place} 处没有 DoseDesk 数据库。</translation>
    </message>
    <message>
      <source>DoseDesk must back up the PostgreSQL database before upgrading it, and pg_dump is not installed here. Install the PostgreSQL client tools (or back up the server yourself and upgrade from a machine that has them).</source>
      <translation>DoseDesk 必须先备份 PostgreSQL 数据库才能升级，但本机未安装 pg_dump。请安装 PostgreSQL 客户端工具（或自行备份服务器，再从装有这些工具的计算机上升级）。</translation>
    </message>
    <message>
      <source>{file} already exists; choose another file name.</source>
      <translation>{file} 已存在，请换一个文件名。</translation>
    </message>
    <message>
      <source>pg_dump is not installed; it is the tool that backs up a PostgreSQL database.</source>
      <translation>未安装 pg_dump，它是备份 PostgreSQL 数据库的工具。</translation>
    </message>
    <message>
      <source>pg_dump failed: {problem}</source>
      <translation>pg_dump 失败：{problem}</translation>
    </message>
    <message>
      <source>The database schema is {found}; this DoseDesk expects {head}.</source>
      <translation>数据库结构版本为 {found}；此版 DoseDesk 需要 {head}。</translation>
    </message>
    <message>
      <source>{place} holds tables but is not a DoseDesk database; DoseDesk will not touch it.</source>
      <translation>{place} 中有数据表，但不是 DoseDesk 数据库；DoseDesk 不会改动它。</translation>
    </message>
    <message>
      <source>The database {place} was made by a newer DoseDesk (schema {schema}); update DoseDesk before opening it.</source>
      <translation>数据库 {place} 由更新版本的 DoseDesk 创建（结构版本 {schema}）：请先更新 DoseDesk 再打开。</translation>
    </message>
    <message>
      <source>The backup to {file} failed: {problem}</source>
      <translation>备份到 {file} 失败：{problem}</translation>
    </message>
    <message>
      <source>An in-memory database cannot be backed up.</source>
      <translation>内存数据库无法备份。</translation>
    </message>
    <message>
      <source>The copy {file} was made, but the file saying which audit head it holds could not be written beside it: {problem}</source>
      <translation>副本 {file} 已生成，但无法在其旁边写入说明其所含审计头的文件：{problem}</translation>
    </message>
    <message>
      <source>SQLite integrity check: {problem}</source>
      <translation>SQLite 完整性检查：{problem}</translation>
    </message>
    <message>
      <source>The checks in app.services.{module} could not be loaded: {problem}</source>
      <translation>无法加载 app.services.{module} 中的检查：{problem}</translation>
    </message>
    <message>
      <source>The copy in {file} failed its check: {result}</source>
      <translation>{file} 中的副本未通过检查：{result}</translation>
    </message>
    <message>
      <source>The check '{check}' could not run: {problem}</source>
      <translation>检查“{check}”无法运行：{problem}</translation>
    </message>
    <message>
      <source>missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <source>{id}: {answer}</source>
      <translation>{id}：{answer}</translation>
    </message>
    <message>
      <source>QT {qt} ms, {beat}</source>
      <translation>QT {qt} ms，{beat}</translation>
    </message>
    <message>
      <source>{value} %</source>
      <translation>{value} %</translation>
    </message>
    <message>
      <source>{kind} test {result}</source>
      <translation>{kind}检测 {result}</translation>
    </message>
    <message>
      <source>The detail of the screen failure</source>
      <translation>筛选失败的详细说明</translation>
    </message>
    <message>
      <source>{id}: {why}</source>
      <translation>{id}：{why}</translation>
    </message>
    <message>
      <source>RR {rr} ms</source>
      <translation>RR {rr} ms</translation>
    </message>
    <message>
      <source>heart rate {rate} bpm</source>
      <translation>心率 {rate} 次/分</translation>
    </message>
    <message>
      <source>last on {day}</source>
      <translation>最近一次：{day}</translation>
    </message>
    <message>
      <source>The first dose date</source>
      <translation>首次给药日期</translation>
    </message>
    <message>
      <source>{subject} is not in screening: screening evidence is recorded before the first dose only.</source>
      <translation>{subject} 不在筛选期：筛选证据只能在首次给药前记录。</translation>
    </message>
    <message>
      <source>{what} cannot be a day still to come.</source>
      <translation>{what}不能是尚未到来的日期。</translation>
    </message>
    <message>
      <source>The ECG's date</source>
      <translation>心电图日期</translation>
    </message>
    <message>
      <source>The QT interval</source>
      <translation>QT 间期</translation>
    </message>
    <message>
      <source>The LVEF's date</source>
      <translation>LVEF 检查日期</translation>
    </message>
    <message>
      <source>The LVEF</source>
      <translation>LVEF</translation>
    </message>
    <message>
      <source>The pregnancy test's date</source>
      <translation>妊娠试验日期</translation>
    </message>
    <message>
      <source>The urine dipstick's date</source>
      <translation>尿试纸检测日期</translation>
    </message>
    <message>
      <source>The ECOG assessment's date</source>
      <translation>ECOG 评估日期</translation>
    </message>
    <message>
      <source>Tick or clear at least one criterion.</source>
      <translation>请至少勾选或取消一项标准。</translation>
    </message>
    <message>
      <source>The eligibility of {subject} was already decided ({decision}); nothing was changed.</source>
      <translation>{subject} 的入组资格已有决定（{decision}）；未做任何更改。</translation>
    </message>
    <message>
      <source>Write the detail of this screen failure.</source>
      <translation>请填写此次筛选失败的详细说明。</translation>
    </message>
    <message>
      <source>{what} (redo it between {start} and {day})</source>
      <translation>{what}（请在 {start} 至 {day} 之间重新检查）</translation>
    </message>
    <message>
      <source>{subject}'s eligibility is not signed: an investigator signs it on the Eligibility tab before the first dose is prescribed.</source>
      <translation>{subject} 的入组资格尚未签署：开具首次给药医嘱前，须由研究者在“入组资格”页签署。</translation>
    </message>
    <message>
      <source>The first dose of {subject} on {day} is refused: the eligibility signed no longer holds on that day. {redo}. Record what is redone, then prescribe.</source>
      <translation>{subject} 于 {day} 的首次给药被拒绝：已签署的入组资格在当天不再成立。{redo}。请记录重新检查的结果后再开具医嘱。</translation>
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
      <source>The RR interval</source>
      <translation>RR 间期</translation>
    </message>
    <message>
      <source>The heart rate</source>
      <translation>心率</translation>
    </message>
    <message>
      <source>The vaccine's date</source>
      <translation>疫苗接种日期</translation>
    </message>
    <message>
      <source>The eligibility of {subject} was decided by someone else at the same moment; nothing was changed. Reopen the chart to see it.</source>
      <translation>{subject} 的入组资格已在同一时刻由他人作出决定；未做任何更改。请重新打开病历查看。</translation>
    </message>
    <message>
      <source>{subject} cannot be signed eligible for a first dose on {day}: {problems}.</source>
      <translation>无法签署 {subject} 符合 {day} 首次给药的入组资格：{problems}。</translation>
    </message>
    <message>
      <source>'{code}' is not a screen failure reason DoseDesk knows.</source>
      <translation>“{code}”不是 DoseDesk 已知的筛选失败原因。</translation>
    </message>
    <message>
      <source>Name the criteria not met.</source>
      <translation>请列出未满足的标准。</translation>
    </message>
    <message>
      <source>{id} is not a criterion the investigator attests.</source>
      <translation>{id} 不是由研究者确认的标准。</translation>
    </message>
    <message>
      <source>{id} is not a criterion of this protocol.</source>
      <translation>{id} 不是本方案的标准。</translation>
    </message>
    <message>
      <source>signed eligible</source>
      <translation>已签署符合入组</translation>
    </message>
    <message>
      <source>screen failure</source>
      <translation>筛选失败</translation>
    </message>
    <message>
      <source>{formats} is not a format DoseDesk exports; use one or more of: {known}</source>
      <translation>DoseDesk 不导出 {formats} 格式；请使用以下一种或多种：{known}</translation>
    </message>
    <message>
      <source>Cannot write into {folder}: the folder does not exist.</source>
      <translation>无法写入 {folder}：该文件夹不存在。</translation>
    </message>
    <message>
      <source>{days} days late</source>
      <translation>延迟 {days} 天</translation>
    </message>
    <message>
      <source>Cannot write into {folder}: {problem}.</source>
      <translation>无法写入 {folder}：{problem}。</translation>
    </message>
    <message>
      <source>SDTM datasets exported ({count} files)</source>
      <translation>已导出 SDTM 数据集（{count} 个文件）</translation>
    </message>
    <message>
      <source>Visit</source>
      <translation>访视</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>体重</translation>
    </message>
    <message>
      <source>Lab result</source>
      <translation>检验结果</translation>
    </message>
    <message>
      <source>Toxicity</source>
      <translation>毒性</translation>
    </message>
    <message>
      <source>Toxicity decision</source>
      <translation>毒性处理决定</translation>
    </message>
    <message>
      <source>Dose level change</source>
      <translation>剂量水平变更</translation>
    </message>
    <message>
      <source>Hold</source>
      <translation>暂停给药</translation>
    </message>
    <message>
      <source>Infusion order</source>
      <translation>输注医嘱</translation>
    </message>
    <message>
      <source>Order step</source>
      <translation>医嘱步骤</translation>
    </message>
    <message>
      <source>Preparation line</source>
      <translation>配制记录行</translation>
    </message>
    <message>
      <source>Protocol version</source>
      <translation>方案版本</translation>
    </message>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>User role</source>
      <translation>用户角色</translation>
    </message>
    <message>
      <source>Signature</source>
      <translation>签名</translation>
    </message>
    <message>
      <source>Shipment</source>
      <translation>到货批次</translation>
    </message>
    <message>
      <source>Infusion bag</source>
      <translation>输液袋</translation>
    </message>
    <message>
      <source>Infusion event</source>
      <translation>输液事件</translation>
    </message>
    <message>
      <source>Site setting</source>
      <translation>站点设置</translation>
    </message>
    <message>
      <source>Screening evidence</source>
      <translation>筛选证据</translation>
    </message>
    <message>
      <source>Eligibility decision</source>
      <translation>入组资格决定</translation>
    </message>
    <message>
      <source>Lot</source>
      <translation>批号</translation>
    </message>
    <message>
      <source>Stock movement</source>
      <translation>库存变动</translation>
    </message>
    <message>
      <source>{what} {id}</source>
      <translation>{what} {id}</translation>
    </message>
    <message>
      <source>{record}: row {row} of its audit trail changes {field} from {old}, but the trail had it at {current}: the change was made on a stale copy of the record (two people acting at once), or the trail was edited.</source>
      <translation>{record}：其审计追踪第 {row} 行将 {field} 从 {old} 改出，但当时追踪中的值为 {current}：该修改是在记录的过时副本上做的（两人同时操作），或审计追踪被编辑过。</translation>
    </message>
    <message>
      <source>nothing</source>
      <translation>空</translation>
    </message>
    <message>
      <source>{record}: its audit trail changes {field} from {old} twice (rows {first} and {second}, to {new} the second time): two people acted on the same state at once, and the second did not see the first's change.</source>
      <translation>{record}：其审计追踪两次将 {field} 从 {old} 改出（第 {first} 行和第 {second} 行，第二次改为 {new}）：两人同时对同一状态操作，后者未看到前者的修改。</translation>
    </message>
    <message>
      <source>{record}: row {row} of its audit trail changes {field} from a value the trail did not have there: the change was made on a stale copy of the record, or the trail was edited.</source>
      <translation>{record}：其审计追踪第 {row} 行修改 {field} 时的原值与追踪当时的值不符：该修改是在记录的过时副本上做的，或审计追踪被编辑过。</translation>
    </message>
    <message>
      <source>{record} is in the database, but its audit trail says it was deleted (row {row}).</source>
      <translation>{record} 仍在数据库中，但其审计追踪记载它已被删除（第 {row} 行）。</translation>
    </message>
    <message>
      <source>{record} does not hold what its audit trail says, so DoseDesk will not act on it: {problem} Ask the administrator to run dosedesk check.</source>
      <translation>{record} 与其审计追踪记录不符，DoseDesk 不会对其执行任何操作：{problem} 请管理员运行 dosedesk check。</translation>
    </message>
    <message>
      <source>{record} carries {count} '{meaning}' signatures (signatures {ids}) where one is allowed: two people signed the same state at once.</source>
      <translation>{record} 带有 {count} 个“{meaning}”签名（签名 {ids}），而只允许一个：两人同时签署了同一状态。</translation>
    </message>
    <message>
      <source>{record} has {count} '{step}' steps (steps {ids}) where one is allowed: two people took the same step at once.</source>
      <translation>{record} 有 {count} 个“{step}”步骤（步骤 {ids}），而只允许一个：两人同时执行了同一步骤。</translation>
    </message>
    <message>
      <source>{record}: its audit trail changes it at row {row} while it does not exist (before its creation, or after its deletion).</source>
      <translation>{record}：其审计追踪在第 {row} 行修改了它，而此时它并不存在（在创建之前或删除之后）。</translation>
    </message>
    <message>
      <source>{record} is in the database but has no audit history: it was added outside DoseDesk.</source>
      <translation>{record} 在数据库中，但没有任何审计记录：它是在 DoseDesk 之外添加的。</translation>
    </message>
    <message>
      <source>{record} is in its audit trail (created at row {row}) but not in the database: it was deleted outside DoseDesk.</source>
      <translation>{record} 在其审计追踪中（第 {row} 行创建），但不在数据库中：它是在 DoseDesk 之外被删除的。</translation>
    </message>
    <message>
      <source>{record}: the database holds a {field} that is not a valid value ({found}): it was written outside DoseDesk.</source>
      <translation>{record}：数据库中的 {field} 不是有效值（{found}）：它是在 DoseDesk 之外写入的。</translation>
    </message>
    <message>
      <source>{record}: its {field} does not match the digest its audit trail records: it was replaced outside DoseDesk.</source>
      <translation>{record}：其 {field} 与审计追踪记录的摘要不符：它是在 DoseDesk 之外被替换的。</translation>
    </message>
    <message>
      <source>{record} is created twice in its audit trail (rows {first} and {second}).</source>
      <translation>{record} 在其审计追踪中被创建了两次（第 {first} 行和第 {second} 行）。</translation>
    </message>
    <message>
      <source>{record}: its {field} in the database differs from its audit trail (an identifier, not shown here): it was changed outside DoseDesk.</source>
      <translation>{record}：数据库中的 {field} 与其审计追踪不符（属于身份标识，此处不显示）：它是在 DoseDesk 之外被修改的。</translation>
    </message>
    <message>
      <source>{record}: the database holds {field} {found}, but its audit trail says {expected}: it was changed outside DoseDesk.</source>
      <translation>{record}：数据库中的 {field} 为 {found}，但其审计追踪记载为 {expected}：它是在 DoseDesk 之外被修改的。</translation>
    </message>
    <message>
      <source>{record}: its creation in the audit trail (row {row}) cannot be read.</source>
      <translation>{record}：审计追踪中其创建记录（第 {row} 行）无法读取。</translation>
    </message>
    <message>
      <source>not shown</source>
      <translation>不显示</translation>
    </message>
    <message>
      <source>status {status} is not a result status DoseDesk imports</source>
      <translation>状态 {status} 不是 DoseDesk 导入的结果状态</translation>
    </message>
    <message>
      <source>not a final result (status {status}): only final and corrected results are imported; import the final one when the laboratory sends it</source>
      <translation>不是最终结果（状态 {status}）：只导入最终结果和更正结果；请在实验室发送最终结果后再导入</translation>
    </message>
    <message>
      <source>the laboratory could not obtain a result (status X)</source>
      <translation>实验室未能得出结果（状态 X）</translation>
    </message>
    <message>
      <source>the laboratory withdrew this result (status {status}): if DoseDesk holds it, cancel it by hand</source>
      <translation>实验室撤回了此结果（状态 {status}）：如 DoseDesk 已保存该结果，请手动作废</translation>
    </message>
    <message>
      <source>{lines} and {count} more</source>
      <translation>{lines}，另有 {count} 行</translation>
    </message>
    <message>
      <source>Nothing was imported: the file has rows that cannot be read: {lines}. Have the laboratory send the file again, or import its readable rows only.</source>
      <translation>未导入任何内容：文件中有无法读取的行：{lines}。请实验室重新发送文件，或只导入可读取的行。</translation>
    </message>
    <message>
      <source>{name} is a folder: give the laboratory's file.</source>
      <translation>{name} 是文件夹：请提供检验科的文件。</translation>
    </message>
    <message>
      <source>There is no file {name}.</source>
      <translation>没有文件 {name}。</translation>
    </message>
    <message>
      <source>no subject has this hospital number</source>
      <translation>没有受试者使用此住院号</translation>
    </message>
    <message>
      <source>the patient's identifiers name two different subjects</source>
      <translation>该患者的标识指向两个不同的受试者</translation>
    </message>
    <message>
      <source>DoseDesk does not know the test code {code}</source>
      <translation>DoseDesk 不认识检验代码 {code}</translation>
    </message>
    <message>
      <source>the file gives no unit for {lab}</source>
      <translation>文件未给出{lab}的单位</translation>
    </message>
    <message>
      <source>{unit} is not a unit DoseDesk knows for {lab}</source>
      <translation>{unit} 不是 DoseDesk 认可的{lab}单位</translation>
    </message>
    <message>
      <source>it was collected after now: check the file's dates</source>
      <translation>采集时间晚于现在：请检查文件中的日期</translation>
    </message>
    <message>
      <source>already imported (result {id}), and cancelled since: it is not imported again</source>
      <translation>已导入过（结果 {id}），之后已作废：不再重复导入</translation>
    </message>
    <message>
      <source>already held (result {id})</source>
      <translation>已保存（结果 {id}）</translation>
    </message>
    <message>
      <source>Give the file's content to import.</source>
      <translation>请提供要导入的文件内容。</translation>
    </message>
    <message>
      <source>The file is larger than {size} MB: DoseDesk imports smaller files.</source>
      <translation>文件大于 {size} MB：DoseDesk 只导入更小的文件。</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>（无名称）</translation>
    </message>
    <message>
      <source>{name} is larger than {size} MB: DoseDesk imports smaller files.</source>
      <translation>{name} 大于 {size} MB：DoseDesk 只导入更小的文件。</translation>
    </message>
    <message>
      <source>Cannot read {name}: {why}.</source>
      <translation>无法读取 {name}：{why}。</translation>
    </message>
    <message>
      <source>its reference range cannot be read: {why}</source>
      <translation>其参考范围无法读取：{why}</translation>
    </message>
    <message>
      <source>corrected by the laboratory: replaces result {ids}</source>
      <translation>实验室更正：替换结果 {ids}</translation>
    </message>
    <message>
      <source>This is not the file that was previewed (its content differs): preview it again. Nothing was imported.</source>
      <translation>这不是预览过的文件（内容不同）：请重新预览。未导入任何内容。</translation>
    </message>
    <message>
      <source>What this file would import changed since its preview (someone else imported it, or recorded labs, meanwhile): preview it again. Nothing was imported.</source>
      <translation>自预览以来，此文件将导入的内容已有变化（期间有人导入了它或录入了检验结果）：请重新预览。未导入任何内容。</translation>
    </message>
    <message>
      <source>Someone else imported these results at the same moment: nothing was saved. Preview the file again to see what is still new.</source>
      <translation>其他人同时导入了这些结果：未保存任何内容。请重新预览文件，查看哪些仍是新结果。</translation>
    </message>
    <message>
      <source>already held (result {id}, imported)</source>
      <translation>已保存（结果 {id}，导入）</translation>
    </message>
    <message>
      <source>already held (result {id}, typed on a form)</source>
      <translation>已保存（结果 {id}，表单录入）</translation>
    </message>
    <message>
      <source>the same result is on {where} of this file</source>
      <translation>同一结果也在本文件的{where}</translation>
    </message>
    <message>
      <source>line {line}</source>
      <translation>第 {line} 行</translation>
    </message>
    <message>
      <source>This is not a laboratory file DoseDesk reads: give a CSV or Excel (.xlsx) export of the laboratory's results, or an HL7 v2 file of ORU^R01 result messages.</source>
      <translation>这不是 DoseDesk 能读取的检验文件：请提供实验室结果的 CSV 或 Excel（.xlsx）导出文件，或 ORU^R01 结果消息的 HL7 v2 文件。</translation>
    </message>
    <message>
      <source>No row of the file holds the column headers {headers}: it is not a laboratory export DoseDesk reads, or the laboratory names its columns otherwise (set them with lab_column.FIELD in the site settings). Nothing was imported.</source>
      <translation>文件中没有一行包含列标题 {headers}：它不是 DoseDesk 能读取的检验导出文件，或实验室的列名不同（请在站点设置中用 lab_column.FIELD 设置）。未导入任何内容。</translation>
    </message>
    <message>
      <source>message {number} (line {line})</source>
      <translation>第 {number} 条消息（第 {line} 行）</translation>
    </message>
    <message>
      <source>The file is empty: there are no results in it.</source>
      <translation>文件为空：其中没有结果。</translation>
    </message>
    <message>
      <source>This is an old Excel workbook (.xls): open it in Excel and save it as .xlsx, then import that.</source>
      <translation>这是旧版 Excel 工作簿（.xls）：请在 Excel 中打开并另存为 .xlsx，再导入。</translation>
    </message>
    <message>
      <source>The file is written in UTF-8, but the site settings say the laboratory writes GB18030: set lab_file_encoding to utf-8 if it now writes UTF-8, and import again. Nothing was imported.</source>
      <translation>文件是 UTF-8 编码，但站点设置说明实验室使用 GB18030：如实验室现在使用 UTF-8，请将 lab_file_encoding 设为 utf-8 后重新导入。未导入任何内容。</translation>
    </message>
    <message>
      <source>{value} is not a date and time such as 2026-03-02 07:30</source>
      <translation>{value} 不是日期时间（应如 2026-03-02 07:30）</translation>
    </message>
    <message>
      <source>no hospital number</source>
      <translation>没有住院号</translation>
    </message>
    <message>
      <source>no test code</source>
      <translation>没有检验代码</translation>
    </message>
    <message>
      <source>no collection time</source>
      <translation>没有采集时间</translation>
    </message>
    <message>
      <source>{value} is not a date and time (YYYYMMDDHHMM)</source>
      <translation>{value} 不是日期时间（YYYYMMDDHHMM）</translation>
    </message>
    <message>
      <source>the result comes before the patient (PID) it belongs to</source>
      <translation>该结果出现在其所属患者（PID）之前</translation>
    </message>
    <message>
      <source>the result comes before its order (OBR)</source>
      <translation>该结果出现在其医嘱（OBR）之前</translation>
    </message>
    <message>
      <source>its order (OBR) cannot be read</source>
      <translation>其医嘱（OBR）无法读取</translation>
    </message>
    <message>
      <source>the result ends before its status (OBX-11): the file may be cut short</source>
      <translation>该结果在状态字段（OBX-11）之前就结束了：文件可能被截断</translation>
    </message>
    <message>
      <source>the result has no test code (OBX-3)</source>
      <translation>该结果没有检验代码（OBX-3）</translation>
    </message>
    <message>
      <source>no collection time (OBR-7 or OBX-14)</source>
      <translation>没有采集时间（OBR-7 或 OBX-14）</translation>
    </message>
    <message>
      <source>Line {line} of the file is not {encoding} text, the encoding the site settings say the laboratory writes: if it writes {other}, set lab_file_encoding to {other_key} and import again. Nothing was imported.</source>
      <translation>文件第 {line} 行不是 {encoding} 文本（站点设置中实验室使用的编码）：如实验室使用 {other}，请将 lab_file_encoding 设为 {other_key} 后重新导入。未导入任何内容。</translation>
    </message>
    <message>
      <source>{value} is not a date and time that exists</source>
      <translation>{value} 不是存在的日期时间</translation>
    </message>
    <message>
      <source>Line {line} of the file cannot be read as CSV (a quote is not closed): the file may be cut short. Nothing was imported.</source>
      <translation>文件第 {line} 行无法按 CSV 读取（引号未闭合）：文件可能被截断。未导入任何内容。</translation>
    </message>
    <message>
      <source>Excel files cannot be read: the openpyxl package is missing.</source>
      <translation>无法读取 Excel 文件：缺少 openpyxl 软件包。</translation>
    </message>
    <message>
      <source>This file is not an Excel workbook DoseDesk can read ({problem}): give the laboratory's .xlsx export as it saved it.</source>
      <translation>此文件不是 DoseDesk 能读取的 Excel 工作簿（{problem}）：请提供实验室保存的原始 .xlsx 导出文件。</translation>
    </message>
    <message>
      <source>row {row} of sheet {sheet}</source>
      <translation>工作表 {sheet} 第 {row} 行</translation>
    </message>
    <message>
      <source>{value} is not a date</source>
      <translation>{value} 不是日期</translation>
    </message>
    <message>
      <source>Line {line} of the HL7 file comes before any message header (MSH). Nothing was imported.</source>
      <translation>HL7 文件第 {line} 行出现在任何消息头（MSH）之前。未导入任何内容。</translation>
    </message>
    <message>
      <source>it is a {kind} message, not ORU^R01 results</source>
      <translation>这是 {kind} 消息，不是 ORU^R01 结果</translation>
    </message>
    <message>
      <source>it has {found} cells where the header has {expected}</source>
      <translation>该行有 {found} 个单元格，而标题行有 {expected} 个</translation>
    </message>
    <message>
      <source>its cells {cells} are merged: each result needs its own cells (unmerge them and fill each cell)</source>
      <translation>其单元格 {cells} 已合并：每个结果需要自己的单元格（请取消合并并填写每个单元格）</translation>
    </message>
    <message>
      <source>it cannot be read as HL7</source>
      <translation>无法按 HL7 读取</translation>
    </message>
    <message>
      <source>its cell {cell} holds a formula without a saved result: open the file in Excel, save it, and import it again</source>
      <translation>其单元格 {cell} 含有未保存计算结果的公式：请在 Excel 中打开并保存文件后重新导入</translation>
    </message>
    <message>
      <source>weight</source>
      <translation>体重</translation>
    </message>
    <message>
      <source>dose level</source>
      <translation>剂量水平</translation>
    </message>
    <message>
      <source>final dose</source>
      <translation>最终剂量</translation>
    </message>
    <message>
      <source>volume to draw</source>
      <translation>抽取体积</translation>
    </message>
    <message>
      <source>order</source>
      <translation>医嘱</translation>
    </message>
    <message>
      <source>Treatment of {subject} is held since {start} ({reason}); the hold must end before a dose goes ahead.</source>
      <translation>受试者 {subject} 自 {start} 起暂停给药（{reason}）；须结束暂停给药后才能继续给药。</translation>
    </message>
    <message>
      <source>No weight of {subject} is recorded on or before {day}: weigh the patient (no more than {most} days before the dose).</source>
      <translation>受试者 {subject} 在 {day} 或之前没有体重记录：请为患者称重（不得早于给药前 {most} 天）。</translation>
    </message>
    <message>
      <source>{subject} has no current dose level.</source>
      <translation>受试者 {subject} 没有当前剂量水平。</translation>
    </message>
    <message>
      <source>Order {order} is {status}: it must be {expected} to {doing}.</source>
      <translation>医嘱 {order} 的状态为“{status}”：须为“{expected}”才能{doing}。</translation>
    </message>
    <message>
      <source>Unconfirmed protocol: {protocol} version {version} has not been approved by an investigator and a pharmacist, so orders cannot be finalised under it.</source>
      <translation>方案未确认：{protocol} 版本 {version} 尚未经研究者和药师批准，因此不能在该版本下完成医嘱。</translation>
    </message>
    <message>
      <source>{what} is in the future.</source>
      <translation>{what}在将来。</translation>
    </message>
    <message>
      <source>Order {order} has no bag in use: prepare it.</source>
      <translation>医嘱 {order} 没有在用的输液袋：请先配制。</translation>
    </message>
    <message>
      <source>EXPIRED — do not give: the bag of order {order} was to be used before {time}. Remake it from the same verified order, or cancel the order.</source>
      <translation>已过期——不得给药：医嘱 {order} 的输液袋应在 {time} 前使用。请按已核对的同一医嘱重新配制，或取消医嘱。</translation>
    </message>
    <message>
      <source>An interruption</source>
      <translation>暂停输注</translation>
    </message>
    <message>
      <source>An infusion reaction</source>
      <translation>输注反应</translation>
    </message>
    <message>
      <source>start it</source>
      <translation>开始输注</translation>
    </message>
    <message>
      <source>The start time</source>
      <translation>开始时间</translation>
    </message>
    <message>
      <source>record an interruption</source>
      <translation>记录暂停</translation>
    </message>
    <message>
      <source>The interruption</source>
      <translation>暂停时间</translation>
    </message>
    <message>
      <source>run it again</source>
      <translation>恢复输注</translation>
    </message>
    <message>
      <source>The end of the interruption</source>
      <translation>暂停结束时间</translation>
    </message>
    <message>
      <source>A CTCAE grade is 1 to 5.</source>
      <translation>CTCAE 分级为 1 至 5 级。</translation>
    </message>
    <message>
      <source>The reaction</source>
      <translation>反应时间</translation>
    </message>
    <message>
      <source>toxicity</source>
      <translation>毒性</translation>
    </message>
    <message>
      <source>Give the volume given in mL.</source>
      <translation>请填写已输入的体积（mL）。</translation>
    </message>
    <message>
      <source>stop it</source>
      <translation>结束输注</translation>
    </message>
    <message>
      <source>The end of the infusion</source>
      <translation>输注结束时间</translation>
    </message>
    <message>
      <source>The bag of order {order} has not had its product check: a second pharmacist releases it first.</source>
      <translation>医嘱 {order} 的输液袋尚未经成品复核：须先由第二位药师复核放行。</translation>
    </message>
    <message>
      <source>The bag scanned ({code}) is not the bag of order {order}: do not hang it. Scan the label on the bag for this patient.</source>
      <translation>扫描的输液袋（{code}）不是医嘱 {order} 的输液袋：请勿悬挂。请扫描该患者输液袋上的标签。</translation>
    </message>
    <message>
      <source>The identifier scanned ({code}) is not that of subject {subject}, for whom order {order} was made: check the patient's wristband.</source>
      <translation>扫描的身份标识（{code}）不属于医嘱 {order} 所对应的受试者 {subject}：请核对患者腕带。</translation>
    </message>
    <message>
      <source>The infusion cannot start before the bag was checked ({time}).</source>
      <translation>输注不能早于输液袋复核时间（{time}）开始。</translation>
    </message>
    <message>
      <source>The weight of {weighed} is {days} days old on {given}, more than the {most} days allowed: cancel the order and weigh the patient again.</source>
      <translation>{weighed} 测量的体重到 {given} 已有 {days} 天，超过允许的 {most} 天：请取消医嘱并重新为患者称重。</translation>
    </message>
    <message>
      <source>{visit} is {status}: the dose cannot be recorded on it.</source>
      <translation>{visit} 的状态为“{status}”：不能在该访视上记录给药。</translation>
    </message>
    <message>
      <source>The infusion is already paused: record when it ran again first.</source>
      <translation>输注已处于暂停状态：请先记录恢复输注的时间。</translation>
    </message>
    <message>
      <source>The interruption cannot start before the infusion did.</source>
      <translation>暂停不能早于输注开始。</translation>
    </message>
    <message>
      <source>The infusion ran again after it was paused, not before.</source>
      <translation>恢复输注的时间应在暂停之后。</translation>
    </message>
    <message>
      <source>The infusion of order {order} is not paused.</source>
      <translation>医嘱 {order} 的输注未处于暂停状态。</translation>
    </message>
    <message>
      <source>Order {order} is {status}: a reaction is recorded on an infusion that was started.</source>
      <translation>医嘱 {order} 状态为{status}：只能对已开始的输注记录反应。</translation>
    </message>
    <message>
      <source>The reaction cannot come before the infusion started.</source>
      <translation>反应时间不能早于输注开始。</translation>
    </message>
    <message>
      <source>Only an infusion reaction is recorded as a toxicity.</source>
      <translation>只有输注反应可以记录为毒性。</translation>
    </message>
    <message>
      <source>That toxicity is another subject's.</source>
      <translation>该毒性属于另一位受试者。</translation>
    </message>
    <message>
      <source>This reaction is recorded as a toxicity already.</source>
      <translation>该反应已记录为毒性。</translation>
    </message>
    <message>
      <source>The infusion must end after it starts.</source>
      <translation>输液结束时间须晚于开始时间。</translation>
    </message>
    <message>
      <source>The bag held {whole}: more cannot have been given.</source>
      <translation>输液袋共 {whole}：输入量不可能更多。</translation>
    </message>
    <message>
      <source>Say why the infusion was stopped before the bag was given.</source>
      <translation>请说明输液袋未输完即停止输注的原因。</translation>
    </message>
    <message>
      <source>Order {order} is {status}: it cannot be cancelled.</source>
      <translation>医嘱 {order} 的状态为“{status}”：不能取消。</translation>
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
      <source>The preparation time</source>
      <translation>配制时间</translation>
    </message>
    <message>
      <source>Say which lots the vials came from.</source>
      <translation>请说明药瓶来自哪些批号。</translation>
    </message>
    <message>
      <source>The lots give {vials} vials; order {order} needs {needed}.</source>
      <translation>这些批号共 {vials} 瓶；医嘱 {order} 需要 {needed} 瓶。</translation>
    </message>
    <message>
      <source>The volumes drawn add up to {volume}; order {order} draws {needed}.</source>
      <translation>抽取体积合计 {volume}；医嘱 {order} 应抽取 {needed}。</translation>
    </message>
    <message>
      <source>Weigh the diluent bag before adding the drug and give its weight in grams (the protocol asks).</source>
      <translation>加药前请称量稀释液袋并填写重量（克）（方案要求）。</translation>
    </message>
    <message>
      <source>You verified order {order}: another pharmacist prepares it (separation of duties).</source>
      <translation>医嘱 {order} 由您核对：须由另一位药师配制（职责分离）。</translation>
    </message>
    <message>
      <source>The preparation time is before the order was verified.</source>
      <translation>配制时间早于医嘱核对时间。</translation>
    </message>
    <message>
      <source>prepare it</source>
      <translation>配制</translation>
    </message>
    <message>
      <source>check it</source>
      <translation>复核</translation>
    </message>
    <message>
      <source>Each lot needs its lot number.</source>
      <translation>每个批次都需要填写批号。</translation>
    </message>
    <message>
      <source>Lot {lot} is listed twice: give its vials once.</source>
      <translation>批号 {lot} 重复列出：其瓶数只填写一次。</translation>
    </message>
    <message>
      <source>Give the expiry date of lot {lot}.</source>
      <translation>请填写批号 {lot} 的有效期。</translation>
    </message>
    <message>
      <source>Lot {lot} expired on {expiry}: it must not be used.</source>
      <translation>批号 {lot} 已于 {expiry} 过期：不得使用。</translation>
    </message>
    <message>
      <source>Lot {lot}: give the number of vials used (1 or more).</source>
      <translation>批号 {lot}：请填写使用的瓶数（1 瓶或以上）。</translation>
    </message>
    <message>
      <source>Lot {lot}: give the volume drawn in mL.</source>
      <translation>批号 {lot}：请填写抽取体积（mL）。</translation>
    </message>
    <message>
      <source>You prepared this bag of order {order}: a second pharmacist checks it (separation of duties).</source>
      <translation>医嘱 {order} 的此输液袋由您配制：须由另一位药师复核（职责分离）。</translation>
    </message>
    <message>
      <source>Check and confirm {items} before releasing the bag; nothing was signed.</source>
      <translation>放行输液袋前请核实并确认：{items}；未签名。</translation>
    </message>
    <message>
      <source>Say why the bag is made again.</source>
      <translation>请说明重新配制输液袋的原因。</translation>
    </message>
    <message>
      <source>Order {order} is {status}: only a prepared bag not yet started is made again.</source>
      <translation>医嘱 {order} 状态为{status}：只有已配制且尚未开始输注的输液袋才能重新配制。</translation>
    </message>
    <message>
      <source>The bag of order {order} may be used until {time}: it has not expired. Give the reason it is made again.</source>
      <translation>医嘱 {order} 的输液袋可使用至 {time}，尚未过期。请说明重新配制的原因。</translation>
    </message>
    <message>
      <source>'{item}' is not something the product check confirms.</source>
      <translation>“{item}”不是成品复核的项目。</translation>
    </message>
    <message>
      <source>Weigh the prepared bag and give its weight in grams (the protocol asks).</source>
      <translation>请称量已配制的输液袋并填写重量（克）（方案要求）。</translation>
    </message>
    <message>
      <source>The diluent bag was not weighed before the drug was added: remake the bag, weighing it.</source>
      <translation>加药前未称量稀释液袋：请重新配制并称重。</translation>
    </message>
    <message>
      <source>The bag weighs {weighed}; {expected} was expected (within {allowed}): do not release it. Remake it, or weigh it again.</source>
      <translation>输液袋重 {weighed}；应为 {expected}（允许误差 {allowed}）：请勿放行。请重新配制或再次称重。</translation>
    </message>
    <message>
      <source>{lab} {reason}</source>
      <translation>{lab} {reason}</translation>
    </message>
    <message>
      <source>The criteria to treat of {visit} on {day} are not met ({unmet}). Record current labs, or give your reason to treat anyway: it is recorded on the order. Nothing was signed.</source>
      <translation>{visit} 在 {day} 的给药标准未满足（{unmet}）。请录入最新化验结果，或填写仍要给药的理由：该理由将记录在医嘱上。未签名任何内容。</translation>
    </message>
    <message>
      <source>prescribe it</source>
      <translation>开具</translation>
    </message>
    <message>
      <source>{visit} is not a dose visit.</source>
      <translation>{visit} 不是给药访视。</translation>
    </message>
    <message>
      <source>{visit} is {status}: an order is made only for a dose still to come.</source>
      <translation>{visit} 的状态为“{status}”：只能为尚未进行的给药创建医嘱。</translation>
    </message>
    <message>
      <source>{visit} already has order {order}; cancel it to make a new one.</source>
      <translation>{visit} 已有医嘱 {order}；如需新建，请先取消该医嘱。</translation>
    </message>
    <message>
      <source>An order is planned for today or a later day.</source>
      <translation>医嘱只能计划在今天或之后的日期。</translation>
    </message>
    <message>
      <source>The dose level of {subject} changed since order {order} was made: cancel it and make a new one.</source>
      <translation>受试者 {subject} 的剂量水平在医嘱 {order} 创建后已更改：请取消该医嘱并重新创建。</translation>
    </message>
    <message>
      <source>{subject} has not had C1D1 yet: order C1D1 first.</source>
      <translation>受试者 {subject} 尚未进行 C1D1：请先为 C1D1 创建医嘱。</translation>
    </message>
    <message>
      <source>{subject} is not on treatment ({status}).</source>
      <translation>受试者 {subject} 不在治疗中（{status}）。</translation>
    </message>
    <message>
      <source>An order for {visit} was made on another workstation just now: refresh and check it.</source>
      <translation>另一台工作站刚刚为 {visit} 创建了医嘱：请刷新并核查。</translation>
    </message>
    <message>
      <source>The volume to draw is the dose ÷ {concentration}, rounded half up to the nearest {step}; the final dose is that volume × {concentration}.</source>
      <translation>抽取量 = 剂量 ÷ {concentration}，四舍五入到最接近的 {step}；最终剂量 = 该体积 × {concentration}。</translation>
    </message>
    <message>
      <source>Only a pharmacist verifies an order.</source>
      <translation>只有药师可以核对医嘱。</translation>
    </message>
    <message>
      <source>You prescribed order {order}: another pharmacist must verify it.</source>
      <translation>医嘱 {order} 由您开具：须由另一位药师核对。</translation>
    </message>
    <message>
      <source>You made order {order} and have seen its figures: another pharmacist must verify it, blind.</source>
      <translation>医嘱 {order} 由您创建，您已看到其数据：须由另一位药师盲态核对。</translation>
    </message>
    <message>
      <source>user</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>verify it</source>
      <translation>核对</translation>
    </message>
    <message>
      <source>Enter the {figure} as a number.</source>
      <translation>请以数字输入{figure}。</translation>
    </message>
    <message>
      <source>Your {figure} does not match order {order}: recompute from the weight and the dose level; nothing was signed.</source>
      <translation>您输入的{figure}与医嘱 {order} 不符：请根据体重和剂量水平重新计算；未签名任何内容。</translation>
    </message>
    <message>
      <source>Your {figures} do not match order {order}: recompute from the weight and the dose level; nothing was signed.</source>
      <translation>您输入的{figures}与医嘱 {order} 不符：请根据体重和剂量水平重新计算；未签名任何内容。</translation>
    </message>
    <message>
      <source>There is no order {order}.</source>
      <translation>没有医嘱 {order}。</translation>
    </message>
    <message>
      <source>store at 2–8 °C: use within {fridge} after dilution</source>
      <translation>2–8 °C 冷藏：稀释后 {fridge} 内使用</translation>
    </message>
    <message>
      <source>{storage}; protect from light</source>
      <translation>{storage}；避光</translation>
    </message>
    <message>
      <source>no reason recorded</source>
      <translation>未记录理由</translation>
    </message>
    <message>
      <source>{language} is not a language paper is printed in: use en, zh or both.</source>
      <translation>{language} 不是可用的打印语言：请使用 en、zh 或 both。</translation>
    </message>
    <message>
      <source>This site prints its pharmacy paper in one language at a time: an administrator sets paper_bilingual to true for Chinese and English together.</source>
      <translation>本中心的药房文书每次只用一种语言打印：如需中英文对照，请管理员将 paper_bilingual 设为 true。</translation>
    </message>
    <message>
      <source>recorded for the nurse {nurse}</source>
      <translation>代护士 {nurse} 记录</translation>
    </message>
    <message>
      <source>reduction not found in the records</source>
      <translation>记录中未找到减量信息</translation>
    </message>
    <message>
      <source>room temperature: use within {room} after dilution</source>
      <translation>室温保存：稀释后 {room} 内使用</translation>
    </message>
    <message>
      <source>use within {room} at room temperature or {fridge} at 2–8 °C after dilution</source>
      <translation>稀释后室温下 {room} 内或 2–8 °C 冷藏 {fridge} 内使用</translation>
    </message>
    <message>
      <source>Criteria to treat not met — prescribed on the investigator's decision: {note}</source>
      <translation>未满足给药标准——由研究者决定开具：{note}</translation>
    </message>
    <message>
      <source>{start} to {end}</source>
      <translation>{start} 至 {end}</translation>
    </message>
    <message>
      <source>{when}, grade {grade}</source>
      <translation>{when}，{grade} 级</translation>
    </message>
    <message>
      <source>{when}: {note}</source>
      <translation>{when}：{note}</translation>
    </message>
    <message>
      <source>bag {bag}, wasted {when} ({reason}); lots {lots}</source>
      <translation>第 {bag} 袋，于 {when} 废弃（{reason}）；批号 {lots}</translation>
    </message>
    <message>
      <source>overdue: window closed</source>
      <translation>已逾期：窗口期已关闭</translation>
    </message>
    <message>
      <source>booked outside its window</source>
      <translation>预约在窗口期外</translation>
    </message>
    <message>
      <source>Treatment is held at this visit.</source>
      <translation>本次访视暂停给药。</translation>
    </message>
    <message>
      <source>{warning} — NOT acknowledged</source>
      <translation>{warning}——未确认</translation>
    </message>
    <message>
      <source>not booked</source>
      <translation>未预约</translation>
    </message>
    <message>
      <source>{warning} — acknowledged</source>
      <translation>{warning}——已确认</translation>
    </message>
    <message>
      <source>{warning} — acknowledged: {reason}</source>
      <translation>{warning}——已确认：{reason}</translation>
    </message>
    <message>
      <source>Protocol version {version} carries {count} approvals by one person: two people must approve it.</source>
      <translation>方案版本 {version} 有同一人的 {count} 次批准：须由两个人批准。</translation>
    </message>
    <message>
      <source>protocol version</source>
      <translation>方案版本</translation>
    </message>
    <message>
      <source>Protocol {protocol} version {version} is already signed off; a signed-off version is frozen.</source>
      <translation>方案 {protocol} 版本 {version} 已签核；已签核的版本不可更改。</translation>
    </message>
    <message>
      <source>You have already approved protocol {protocol} version {version}; it waits for the approval of {roles}.</source>
      <translation>您已批准方案 {protocol} 版本 {version}；它正在等待 {roles} 的批准。</translation>
    </message>
    <message>
      <source>There is no active user named {name}.</source>
      <translation>没有名为 {name} 的在用用户。</translation>
    </message>
    <message>
      <source>visit {label}</source>
      <translation>访视 {label}</translation>
    </message>
    <message>
      <source>weight of {day}</source>
      <translation>{day} 的体重</translation>
    </message>
    <message>
      <source>{lab} of {day}</source>
      <translation>{day}的{lab}</translation>
    </message>
    <message>
      <source>toxicity {term}</source>
      <translation>毒性 {term}</translation>
    </message>
    <message>
      <source>hold at {label}</source>
      <translation>{label} 暂停给药</translation>
    </message>
    <message>
      <source>order {number}</source>
      <translation>医嘱 {number}</translation>
    </message>
    <message>
      <source>decision on {term}</source>
      <translation>关于 {term} 的决定</translation>
    </message>
    <message>
      <source>order {number} step</source>
      <translation>医嘱 {number} 步骤</translation>
    </message>
    <message>
      <source>order {number} lot</source>
      <translation>医嘱 {number} 批号</translation>
    </message>
    <message>
      <source>signature on order {number}</source>
      <translation>医嘱 {number} 上的签名</translation>
    </message>
    <message>
      <source>Booked for {day}, outside its window {start} to {end}.</source>
      <translation>已预约在 {day}，超出窗口期 {start} 至 {end}。</translation>
    </message>
    <message>
      <source>Overdue: its window ended on {day}.</source>
      <translation>已逾期：窗口期已于 {day} 结束。</translation>
    </message>
    <message>
      <source>There is no order numbered {number}.</source>
      <translation>没有编号为 {number} 的医嘱。</translation>
    </message>
    <message>
      <source>'{status}' is not an order status; the statuses are {names}.</source>
      <translation>“{status}”不是医嘱状态；可用状态为 {names}。</translation>
    </message>
    <message>
      <source>{coded}: {detail}</source>
      <translation>{coded}：{detail}</translation>
    </message>
    <message>
      <source>calendar brought up to date</source>
      <translation>日程已更新至今日</translation>
    </message>
    <message>
      <source>calendar generated at enrolment</source>
      <translation>入组时生成日程</translation>
    </message>
    <message>
      <source>calendar re-derived after screening</source>
      <translation>筛选期后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after booking {label}</source>
      <translation>预约 {label} 后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after cancelling the booking of {label}</source>
      <translation>取消 {label} 的预约后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after {label} was done</source>
      <translation>{label} 完成后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after {label} was missed</source>
      <translation>{label} 错过后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after {label} was omitted</source>
      <translation>{label} 漏给后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after {label} was given</source>
      <translation>{label} 给药后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after the decision on {toxicity}</source>
      <translation>对 {toxicity} 作出决定后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after {term} resolved</source>
      <translation>{term} 缓解后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after a hold ended</source>
      <translation>暂停给药结束后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after a dose reduction</source>
      <translation>减量后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after treatment stopped</source>
      <translation>停止治疗后重新推算日程</translation>
    </message>
    <message>
      <source>calendar re-derived after follow-up ended</source>
      <translation>随访结束后重新推算日程</translation>
    </message>
    <message>
      <source>enrolled</source>
      <translation>已入组</translation>
    </message>
    <message>
      <source>subject {number} enrolled</source>
      <translation>受试者 {number} 已入组</translation>
    </message>
    <message>
      <source>screening done</source>
      <translation>筛选期完成</translation>
    </message>
    <message>
      <source>{label} booked for {day}</source>
      <translation>{label} 已预约于 {day}</translation>
    </message>
    <message>
      <source>{label} done on {day}</source>
      <translation>{label} 于 {day} 完成</translation>
    </message>
    <message>
      <source>weight recorded</source>
      <translation>已记录体重</translation>
    </message>
    <message>
      <source>weight of {day} recorded</source>
      <translation>已记录 {day} 的体重</translation>
    </message>
    <message>
      <source>labs recorded</source>
      <translation>已记录化验</translation>
    </message>
    <message>
      <source>labs of {day} recorded</source>
      <translation>已记录 {day} 的化验</translation>
    </message>
    <message>
      <source>labs imported from the laboratory's file {file} (SHA-256 {digest})</source>
      <translation>从实验室文件 {file} 导入检验结果（SHA-256 {digest}）</translation>
    </message>
    <message>
      <source>corrected by the laboratory: replaced by the result in the file {file} (SHA-256 {digest})</source>
      <translation>实验室更正：由文件 {file} 中的结果替换（SHA-256 {digest}）</translation>
    </message>
    <message>
      <source>toxicity {term} grade {grade} recorded</source>
      <translation>已记录毒性 {term} {grade} 级</translation>
    </message>
    <message>
      <source>{term} resolved on {day}</source>
      <translation>{term} 于 {day} 缓解</translation>
    </message>
    <message>
      <source>decision: {because}</source>
      <translation>决定：{because}</translation>
    </message>
    <message>
      <source>Treatment stopped: {reason}</source>
      <translation>停止治疗：{reason}</translation>
    </message>
    <message>
      <source>Reduction below the lowest dose level: {reason}</source>
      <translation>需降至最低剂量水平以下：{reason}</translation>
    </message>
    <message>
      <source>Reduced from {old_level} to {new_level} on {day}: {reason}</source>
      <translation>于 {day} 由 {old_level} 降至 {new_level}：{reason}</translation>
    </message>
    <message>
      <source>cancelled: the dose level changed</source>
      <translation>已取消：剂量水平已变更</translation>
    </message>
    <message>
      <source>superseded by {number}</source>
      <translation>已由 {number} 替代</translation>
    </message>
    <message>
      <source>replaces order {number}</source>
      <translation>替代医嘱 {number}</translation>
    </message>
    <message>
      <source>No longer on the calendar: {reason}</source>
      <translation>已不在日程中：{reason}</translation>
    </message>
    <message>
      <source>Screen failure: {reason}</source>
      <translation>筛选失败：{reason}</translation>
    </message>
    <message>
      <source>screening evidence recorded: {what}</source>
      <translation>已记录筛选证据：{what}</translation>
    </message>
    <message>
      <source>eligibility attestations recorded: {criteria}</source>
      <translation>已记录入组资格确认：{criteria}</translation>
    </message>
    <message>
      <source>eligibility signed for a first dose on {day}</source>
      <translation>已签署 {day} 首次给药的入组资格</translation>
    </message>
    <message>
      <source>order for {label} made</source>
      <translation>已为 {label} 开立医嘱</translation>
    </message>
    <message>
      <source>order {number} prescribed</source>
      <translation>医嘱 {number} 已开具</translation>
    </message>
    <message>
      <source>order {number} prescribed; {note}</source>
      <translation>医嘱 {number} 已开具；{note}</translation>
    </message>
    <message>
      <source>criteria to treat not met, prescribed on the investigator's decision: {reason} (not met on {day}: {unmet})</source>
      <translation>未满足给药标准，经研究者决定开具：{reason}（{day} 未满足：{unmet}）</translation>
    </message>
    <message>
      <source>order {number} verified</source>
      <translation>医嘱 {number} 已核对</translation>
    </message>
    <message>
      <source>order {number} prepared</source>
      <translation>医嘱 {number} 已配制</translation>
    </message>
    <message>
      <source>order {number} administered</source>
      <translation>医嘱 {number} 已给药</translation>
    </message>
    <message>
      <source>blind verification did not match the order: {figures}</source>
      <translation>盲态核对与医嘱不符：{figures}</translation>
    </message>
    <message>
      <source>order {number}: blind verification did not match</source>
      <translation>医嘱 {number}：盲态核对不符</translation>
    </message>
    <message>
      <source>order {number} checked and released to the ward</source>
      <translation>医嘱 {number} 已复核并放行至病区</translation>
    </message>
    <message>
      <source>order {number}: bag {bag} wasted ({reason}) and made again</source>
      <translation>医嘱 {number}：第 {bag} 袋废弃（{reason}）并重新配制</translation>
    </message>
    <message>
      <source>order {number}: bag {bag} wasted, the order cancelled</source>
      <translation>医嘱 {number}：第 {bag} 袋废弃，医嘱已取消</translation>
    </message>
    <message>
      <source>order {number} started</source>
      <translation>医嘱 {number} 已开始输注</translation>
    </message>
    <message>
      <source>order {number}: infusion interrupted</source>
      <translation>医嘱 {number}：输注暂停</translation>
    </message>
    <message>
      <source>order {number}: infusion running again</source>
      <translation>医嘱 {number}：输注恢复</translation>
    </message>
    <message>
      <source>order {number}: infusion reaction recorded</source>
      <translation>医嘱 {number}：已记录输注反应</translation>
    </message>
    <message>
      <source>order {number}: infusion reaction recorded as a toxicity</source>
      <translation>医嘱 {number}：输注反应已记录为毒性</translation>
    </message>
    <message>
      <source>order {number} completed</source>
      <translation>医嘱 {number} 已输注完成</translation>
    </message>
    <message>
      <source>order {number} stopped early</source>
      <translation>医嘱 {number} 已提前停止</translation>
    </message>
    <message>
      <source>order {number} cancelled</source>
      <translation>医嘱 {number} 已取消</translation>
    </message>
    <message>
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>remade</source>
      <translation>已重新配制</translation>
    </message>
    <message>
      <source>upgrade: orders given in one step are completed, and each prepared order keeps its bag</source>
      <translation>升级：一步记录给药的医嘱改为已完成，每个已配制医嘱保留其输液袋</translation>
    </message>
    <message>
      <source>upgrade: the reasons treatment and the study ended, and why visits did not take place, are coded from the words they were recorded with</source>
      <translation>升级：根据记录时的文字，为治疗结束和研究结束的原因以及访视未进行的原因编码</translation>
    </message>
    <message>
      <source>protocol files in use registered</source>
      <translation>已登记在用的方案文件</translation>
    </message>
    <message>
      <source>protocol file {name} registered</source>
      <translation>已登记方案文件 {name}</translation>
    </message>
    <message>
      <source>protocol signed off</source>
      <translation>方案已签核</translation>
    </message>
    <message>
      <source>protocol {protocol} version {version} signed off</source>
      <translation>方案 {protocol} 版本 {version} 已签核</translation>
    </message>
    <message>
      <source>protocol {protocol} version {version} approved, awaiting a second approval</source>
      <translation>方案 {protocol} 版本 {version} 已批准，等待第二人批准</translation>
    </message>
    <message>
      <source>first administrator</source>
      <translation>首位管理员</translation>
    </message>
    <message>
      <source>new user</source>
      <translation>新用户</translation>
    </message>
    <message>
      <source>roles changed</source>
      <translation>角色已更改</translation>
    </message>
    <message>
      <source>enabled</source>
      <translation>已启用</translation>
    </message>
    <message>
      <source>disabled</source>
      <translation>已停用</translation>
    </message>
    <message>
      <source>account unlocked</source>
      <translation>账户已解锁</translation>
    </message>
    <message>
      <source>password reset</source>
      <translation>密码已重置</translation>
    </message>
    <message>
      <source>password changed</source>
      <translation>密码已更改</translation>
    </message>
    <message>
      <source>password changed by its owner</source>
      <translation>本人已更改密码</translation>
    </message>
    <message>
      <source>window language chosen by its user</source>
      <translation>用户本人选择了界面语言</translation>
    </message>
    <message>
      <source>signed in</source>
      <translation>已登录</translation>
    </message>
    <message>
      <source>failed sign-in</source>
      <translation>登录失败</translation>
    </message>
    <message>
      <source>right password at an e-signature</source>
      <translation>电子签名时密码正确</translation>
    </message>
    <message>
      <source>wrong password at an e-signature</source>
      <translation>电子签名时密码错误</translation>
    </message>
    <message>
      <source>site setting {key} changed</source>
      <translation>站点设置 {key} 已更改</translation>
    </message>
    <message>
      <source>database restored from the backup {backup}; the database it replaced is kept as {aside}</source>
      <translation>已从备份 {backup} 恢复数据库；被替换的数据库保存为 {aside}</translation>
    </message>
    <message>
      <source>demo set-up</source>
      <translation>演示数据设置</translation>
    </message>
    <message>
      <source>demo stock</source>
      <translation>演示库存</translation>
    </message>
    <message>
      <source>The database {file} is in use by another DoseDesk; close DoseDesk everywhere else, then restore again. Nothing was changed.</source>
      <translation>数据库 {file} 正被另一个 DoseDesk 使用：请关闭其他所有地方的 DoseDesk，再重新恢复。未做任何更改。</translation>
    </message>
    <message>
      <source>- {problem}</source>
      <translation>- {problem}</translation>
    </message>
    <message>
      <source>DoseDesk restores backups of its embedded SQLite database only. This database is on a PostgreSQL server: its administrator restores a pg_dump backup there with pg_restore.</source>
      <translation>DoseDesk 只能恢复其内置 SQLite 数据库的备份。此数据库位于 PostgreSQL 服务器上：请由服务器管理员用 pg_restore 恢复 pg_dump 备份。</translation>
    </message>
    <message>
      <source>An in-memory database cannot be restored.</source>
      <translation>内存数据库无法恢复。</translation>
    </message>
    <message>
      <source>There is no file at {file}.</source>
      <translation>{file} 处没有文件。</translation>
    </message>
    <message>
      <source>{file} is not a DoseDesk backup: it is not an SQLite database file.</source>
      <translation>{file} 不是 DoseDesk 备份：它不是 SQLite 数据库文件。</translation>
    </message>
    <message>
      <source>{file} is the database in use, not a backup of it.</source>
      <translation>{file} 是正在使用的数据库，不是它的备份。</translation>
    </message>
    <message>
      <source>Sign in as an administrator to restore a backup.</source>
      <translation>请以管理员身份登录后再恢复备份。</translation>
    </message>
    <message>
      <source>{first}
{second}</source>
      <translation>{first}
{second}</translation>
    </message>
    <message>
      <source>{file} could not be read as a database: {problem}.</source>
      <translation>无法将 {file} 作为数据库读取：{problem}。</translation>
    </message>
    <message>
      <source>The restored database failed its check: {result}</source>
      <translation>恢复后的数据库未通过检查：{result}</translation>
    </message>
    <message>
      <source>The restored database could not return to write-ahead logging.</source>
      <translation>恢复后的数据库无法恢复为预写日志模式。</translation>
    </message>
    <message>
      <source>The backup {file} did not pass the checks, so it was not restored and nothing was changed:
{problems}</source>
      <translation>备份 {file} 未通过检查，因此未恢复，也未做任何更改：
{problems}</translation>
    </message>
    <message>
      <source>The hospital's name</source>
      <translation>医院名称</translation>
    </message>
    <message>
      <source>The hospital's Chinese name</source>
      <translation>医院中文名称</translation>
    </message>
    <message>
      <source>The clinic's name</source>
      <translation>门诊名称</translation>
    </message>
    <message>
      <source>The clinic's Chinese name</source>
      <translation>门诊中文名称</translation>
    </message>
    <message>
      <source>The clinic's phone number</source>
      <translation>门诊电话</translation>
    </message>
    <message>
      <source>{value} is not true or false.</source>
      <translation>{value} 不是 true 或 false。</translation>
    </message>
    <message>
      <source>The laboratory's test code</source>
      <translation>实验室检验代码</translation>
    </message>
    <message>
      <source>A column header</source>
      <translation>列标题</translation>
    </message>
    <message>
      <source>The setting</source>
      <translation>设置项</translation>
    </message>
    <message>
      <source>{key} is not a site setting; the settings are: {keys} (and lab_code.CODE, lab_column.FIELD, reference_range.LAB).</source>
      <translation>{key} 不是站点设置；设置项有：{keys}（以及 lab_code.CODE、lab_column.FIELD、reference_range.LAB）。</translation>
    </message>
    <message>
      <source>{phone} is not a phone number: write digits, spaces, dashes and brackets, with + for the country code if needed (like +86 20 8734 3088 or 020-8734 3088).</source>
      <translation>{phone} 不是电话号码：请使用数字、空格、短横线和括号，需要时用 + 表示国家代码（如 +86 20 8734 3088 或 020-8734 3088）。</translation>
    </message>
    <message>
      <source>{encoding} is not an encoding DoseDesk reads laboratory files in; use utf-8 or gb18030.</source>
      <translation>{encoding} 不是 DoseDesk 读取检验文件的编码；请使用 utf-8 或 gb18030。</translation>
    </message>
    <message>
      <source>Give the laboratory's test code.</source>
      <translation>请提供实验室的检验代码。</translation>
    </message>
    <message>
      <source>{field} is not a column DoseDesk reads; the columns are: {fields}.</source>
      <translation>{field} 不是 DoseDesk 读取的列；可用的列有：{fields}。</translation>
    </message>
    <message>
      <source>Give the reference range's low end, its high end, or both.</source>
      <translation>请提供参考范围的下限、上限或两者。</translation>
    </message>
    <message>
      <source>the lower limit of normal of {lab},</source>
      <translation>{lab}正常值下限</translation>
    </message>
    <message>
      <source>the upper limit of normal of {lab},</source>
      <translation>{lab}正常值上限</translation>
    </message>
    <message>
      <source>the upper limit of normal of {lab} cannot be 0</source>
      <translation>{lab}正常值上限不能为 0</translation>
    </message>
    <message>
      <source>The range of {lab} is upside down: its low end {low} must be below its high end {high}.</source>
      <translation>{lab}的范围上下颠倒：下限 {low} 必须低于上限 {high}。</translation>
    </message>
    <message>
      <source>{key} is set as a JSON object, or one entry at a time.</source>
      <translation>{key} 须以 JSON 对象设置，或逐项设置。</translation>
    </message>
    <message>
      <source>A setting's value is text.</source>
      <translation>设置值须为文本。</translation>
    </message>
    <message>
      <source>{file}: the LOINC code {code} is listed twice, or not for a lab DoseDesk knows</source>
      <translation>{file}：LOINC 代码 {code} 重复列出，或不对应 DoseDesk 认识的检验项目</translation>
    </message>
    <message>
      <source>The LLN</source>
      <translation>正常值下限</translation>
    </message>
    <message>
      <source>The ULN</source>
      <translation>正常值上限</translation>
    </message>
    <message>
      <source>The code map names a test code twice (codes are matched ignoring case).</source>
      <translation>代码对照表中检验代码重复（代码匹配不区分大小写）。</translation>
    </message>
    <message>
      <source>Two columns have the same header: each column needs a header of its own.</source>
      <translation>两列的标题相同：每列需要各自的标题。</translation>
    </message>
    <message>
      <source>These columns need a header: {fields}.</source>
      <translation>这些列需要标题：{fields}。</translation>
    </message>
    <message>
      <source>Each lab's ranges are an object of unit → limits.</source>
      <translation>每个检验项目的范围须为“单位 → 上下限”的对象。</translation>
    </message>
    <message>
      <source>The site settings hold an unknown key {key}.</source>
      <translation>站点设置中有未知的设置项 {key}。</translation>
    </message>
    <message>
      <source>{key} is set as a JSON object, or one entry at a time with {entry}.NAME VALUE.</source>
      <translation>{key} 须以 JSON 对象设置，或用 {entry}.NAME VALUE 逐项设置。</translation>
    </message>
    <message>
      <source>The site setting {key} holds a value it cannot hold.</source>
      <translation>站点设置 {key} 的值无效。</translation>
    </message>
    <message>
      <source>An infusion order is not signed as '{meaning}'.</source>
      <translation>输液医嘱不能以“{meaning}”签名。</translation>
    </message>
    <message>
      <source>A bag is signed only as prepared or checked.</source>
      <translation>输液袋只能以“已配制”或“已复核”签名。</translation>
    </message>
    <message>
      <source>A protocol version is signed only as 'approved'.</source>
      <translation>方案版本只能以“已批准”签名。</translation>
    </message>
    <message>
      <source>Sign in before signing.</source>
      <translation>请先登录再签名。</translation>
    </message>
    <message>
      <source>Only the signed-in user can sign; sign in as {name} first.</source>
      <translation>只有当前登录的用户才能签名；请先以 {name} 的身份登录。</translation>
    </message>
    <message>
      <source>'{meaning}' is not a meaning a signature can have.</source>
      <translation>“{meaning}”不是电子签名可有的含义。</translation>
    </message>
    <message>
      <source>Signature {number} ({meaning} by {name}, {signed_at} UTC) no longer matches {table} {record}: the record changed after it was signed.</source>
      <translation>电子签名 {number}（{name}，{meaning}，{signed_at} UTC）与 {table} {record} 不再相符：该记录在签名后被更改。</translation>
    </message>
    <message>
      <source>the lot number as printed on the vials</source>
      <translation>药瓶上印的批号</translation>
    </message>
    <message>
      <source>The number of vials</source>
      <translation>瓶数</translation>
    </message>
    <message>
      <source>The lot number as printed on the vials</source>
      <translation>药瓶上印的批号</translation>
    </message>
    <message>
      <source>{what} must be a whole number.</source>
      <translation>{what}必须是整数。</translation>
    </message>
    <message>
      <source>{what} must be at least 1.</source>
      <translation>{what}至少为 1。</translation>
    </message>
    <message>
      <source>There is no lot {lot} in stock.</source>
      <translation>库存中没有批号 {lot}。</translation>
    </message>
    <message>
      <source>Sign in as a pharmacist to do this.</source>
      <translation>请以药师身份登录后再操作。</translation>
    </message>
    <message>
      <source>Only a return to the sponsor or a destruction of vials is signed, as 'approved'.</source>
      <translation>只有退回申办方或销毁药瓶需要签名，签名含义为“批准”。</translation>
    </message>
    <message>
      <source>Give {what}.</source>
      <translation>请填写{what}。</translation>
    </message>
    <message>
      <source>DoseDesk has no protocol named {name}.</source>
      <translation>DoseDesk 中没有名为 {name} 的方案。</translation>
    </message>
    <message>
      <source>The database refused to record this on lot {lot}: its balance would no longer reconcile (on hand = received − dispensed − returned − destroyed, never below zero). Nothing was saved.</source>
      <translation>数据库拒绝在批号 {lot} 上记录此操作：否则其结存将账实不符（现存 = 接收 − 发放 − 退回 − 销毁，且不得小于零）。未保存任何内容。</translation>
    </message>
    <message>
      <source>The stock guard {name} is missing or disabled: the database no longer keeps lot balances itself.</source>
      <translation>库存保护触发器 {name} 缺失或已停用：数据库不再自行维护批号结存。</translation>
    </message>
    <message>
      <source>the reason for returning them</source>
      <translation>退回的原因</translation>
    </message>
    <message>
      <source>the reason for destroying them</source>
      <translation>销毁的原因</translation>
    </message>
    <message>
      <source>the reference</source>
      <translation>单号</translation>
    </message>
    <message>
      <source>A return</source>
      <translation>退回</translation>
    </message>
    <message>
      <source>A destruction</source>
      <translation>销毁</translation>
    </message>
    <message>
      <source>The reference</source>
      <translation>单号</translation>
    </message>
    <message>
      <source>Only {usable} of {strength} usable on {day} (released, in date) are in stock; {wanted} are needed.</source>
      <translation>{day} 可用（已放行、在有效期内）的 {strength} 药瓶库存只有 {usable}；需要 {wanted}。</translation>
    </message>
    <message>
      <source>The vials taken from lot {lot}</source>
      <translation>从批号 {lot} 领取的瓶数</translation>
    </message>
    <message>
      <source>Order {order} is {status}: vials are taken from stock when it is prepared.</source>
      <translation>医嘱 {order} 的状态为{status}：药瓶在配制时才从库存中出库。</translation>
    </message>
    <message>
      <source>Vials were taken from stock for Order {order} already.</source>
      <translation>医嘱 {order} 的药瓶已从库存中出库。</translation>
    </message>
    <message>
      <source>Order {order} names no lot: enter the lots and vials used.</source>
      <translation>医嘱 {order} 未填写批号：请填写所用的批号和瓶数。</translation>
    </message>
    <message>
      <source>Order {order} needs {needed}; the lots entered give {given}.</source>
      <translation>医嘱 {order} 需要 {needed}；所填批号合计 {given}。</translation>
    </message>
    <message>
      <source>Order {order} records {waste} of waste, which is not the remainder of one partial {strength} vial: check the order's figures.</source>
      <translation>医嘱 {order} 记录的废弃量为 {waste}，不是一瓶 {strength} 药瓶部分使用后的余量：请核对医嘱中的数值。</translation>
    </message>
    <message>
      <source>Lot {lot} has {on_hand} on hand; {count} cannot be {kind}.</source>
      <translation>批号 {lot} 现存 {on_hand}，无法{kind} {count}。</translation>
    </message>
    <message>
      <source>Lot {lot} expires on {expiry} in stock, but {entered} was entered for Order {order}: check the vial's label.</source>
      <translation>库存中批号 {lot} 的有效期至 {expiry}，但医嘱 {order} 填写的是 {entered}：请核对药瓶标签。</translation>
    </message>
    <message>
      <source>{problem} Check the lot number on the vial.</source>
      <translation>{problem}请核对药瓶上的批号。</translation>
    </message>
    <message>
      <source>The day of the alerts</source>
      <translation>提醒的日期</translation>
    </message>
    <message>
      <source>EXPIRED — do not give: the bag of order {order} ({subject} {visit}) was to be used before {time}. Remake it or cancel the order.</source>
      <translation>已过期——不得给药：医嘱 {order}（{subject} {visit}）的输液袋应在 {time} 前使用。请重新配制或取消医嘱。</translation>
    </message>
    <message>
      <source>The bag of order {order} ({subject} {visit}) is to be used before {time}: {minutes} min left.</source>
      <translation>医嘱 {order}（{subject} {visit}）的输液袋须在 {time} 前使用：还剩 {minutes} 分钟。</translation>
    </message>
    <message>
      <source>{subject} {visit} on {day}: no estimate ({problem})</source>
      <translation>{subject} {visit}（{day}）：无法估算（{problem}）</translation>
    </message>
    <message>
      <source>Lot {lot} does not reconcile: {problems}</source>
      <translation>批号 {lot} 账实不符：{problems}</translation>
    </message>
    <message>
      <source>Lot {lot} expired on {day} with {on_hand} on hand: quarantine it, then return or destroy them.</source>
      <translation>批号 {lot} 已于 {day} 过期，现存 {on_hand}：请先隔离，再退回或销毁。</translation>
    </message>
    <message>
      <source>Lot {lot} expires on {day} (in {days} days) with {on_hand} on hand.</source>
      <translation>批号 {lot} 将于 {day} 过期（还有 {days} 天），现存 {on_hand}。</translation>
    </message>
    <message>
      <source>{drug}: usable stock will not cover the booked and planned doses to {end}: {needed} needed, {usable} usable, {short} short from {subject} {visit} on {day}.</source>
      <translation>{drug}：可用库存不足以覆盖截至 {end} 已预约和计划的给药：需要 {needed}，可用 {usable}，自 {subject} {visit}（{day}）起缺 {short}。</translation>
    </message>
    <message>
      <source>shipment {shipment}</source>
      <translation>货运 {shipment}</translation>
    </message>
    <message>
      <source>order {order} · subject {subject} · {visit}</source>
      <translation>医嘱 {order} · 受试者 {subject} · {visit}</translation>
    </message>
    <message>
      <source>reference {reference}</source>
      <translation>单号 {reference}</translation>
    </message>
    <message>
      <source>shipment {shipment}, received {day}</source>
      <translation>货运 {shipment}，{day} 接收</translation>
    </message>
    <message>
      <source>The strength of lot {lot} in mg</source>
      <translation>批号 {lot} 以 mg 计的规格</translation>
    </message>
    <message>
      <source>The expiry of lot {lot}</source>
      <translation>批号 {lot} 的有效期</translation>
    </message>
    <message>
      <source>the shipment reference</source>
      <translation>货运单号</translation>
    </message>
    <message>
      <source>the reason for quarantine</source>
      <translation>隔离原因</translation>
    </message>
    <message>
      <source>A quarantine</source>
      <translation>隔离</translation>
    </message>
    <message>
      <source>The note on the shipment</source>
      <translation>到货备注</translation>
    </message>
    <message>
      <source>The day the shipment was received</source>
      <translation>到货日期</translation>
    </message>
    <message>
      <source>A release</source>
      <translation>放行</translation>
    </message>
    <message>
      <source>the reason for releasing the lot</source>
      <translation>放行该批号的原因</translation>
    </message>
    <message>
      <source>Lot {lot}: give the strength of a vial in mg, as a number above zero.</source>
      <translation>批号 {lot}：请填写每瓶规格（mg），须为大于零的数字。</translation>
    </message>
    <message>
      <source>The vials of lot {lot}</source>
      <translation>批号 {lot} 的瓶数</translation>
    </message>
    <message>
      <source>The shipment reference</source>
      <translation>货运单号</translation>
    </message>
    <message>
      <source>The reason for quarantine</source>
      <translation>隔离原因</translation>
    </message>
    <message>
      <source>A shipment needs at least one lot.</source>
      <translation>一次货运至少要有一个批号。</translation>
    </message>
    <message>
      <source>A shipment holds at most {count} lots.</source>
      <translation>一次到货最多 {count} 个批号。</translation>
    </message>
    <message>
      <source>The reason for releasing the lot</source>
      <translation>放行该批号的原因</translation>
    </message>
    <message>
      <source>A shipment cannot be received on {day}, a day still to come.</source>
      <translation>货运不能在 {day} 接收，该日期尚未到来。</translation>
    </message>
    <message>
      <source>Lot {lots} is listed twice in this shipment: give each lot once.</source>
      <translation>批号 {lots} 在本次货运中重复列出：每个批号只填一次。</translation>
    </message>
    <message>
      <source>Shipment {reference} was received already.</source>
      <translation>货运 {reference} 已接收过。</translation>
    </message>
    <message>
      <source>Lot {lot} is quarantined already ({reason}).</source>
      <translation>批号 {lot} 已处于隔离状态（{reason}）。</translation>
    </message>
    <message>
      <source>Lot {lot} is released already.</source>
      <translation>批号 {lot} 已放行。</translation>
    </message>
    <message>
      <source>Lot {lot} is already in stock as {strength} vials of {protocol} expiring {expiry}; this shipment says {new_strength} of {new_protocol} expiring {new_expiry}. Check the label.</source>
      <translation>库存中已有批号 {lot}：{protocol} 的每瓶 {strength} 药瓶，有效期至 {expiry}；本次货运写的是 {new_protocol} 的 {new_strength}，有效期至 {new_expiry}。请核对标签。</translation>
    </message>
    <message>
      <source>Lot {lot} was received at another workstation just now: try again.</source>
      <translation>批号 {lot} 刚刚已在另一台工作站接收：请重试。</translation>
    </message>
    <message>
      <source>Another subject already has this hospital number: check it.</source>
      <translation>另一名受试者已使用此住院号：请核对。</translation>
    </message>
    <message>
      <source>The height</source>
      <translation>身高</translation>
    </message>
    <message>
      <source>The date of birth</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <source>Recording a hospital number</source>
      <translation>记录住院号</translation>
    </message>
    <message>
      <source>Recording the language a subject reads</source>
      <translation>记录受试者的阅读语言</translation>
    </message>
    <message>
      <source>Correcting a subject's details</source>
      <translation>更正受试者信息</translation>
    </message>
    <message>
      <source>Recording a screen failure</source>
      <translation>记录筛选失败</translation>
    </message>
    <message>
      <source>A subject number is 1 to 32 letters, digits, dots, dashes or slashes, like 001-001.</source>
      <translation>受试者编号由 1 至 32 个字母、数字、点、短横线或斜线组成，例如 001-001。</translation>
    </message>
    <message>
      <source>Initials are 1 to 8 letters (a dash allowed), like LW.</source>
      <translation>姓名缩写为 1 至 8 个字母（可含短横线），例如 LW。</translation>
    </message>
    <message>
      <source>A hospital number is text.</source>
      <translation>住院号须为文本。</translation>
    </message>
    <message>
      <source>A hospital number is 2 to 32 letters, digits, dots, dashes or slashes with at least two digits, like 0012345678 or ZS-2026-0117: check it against the patient's wristband or record.</source>
      <translation>住院号为 2 至 32 个字母、数字、点、短横线或斜线，至少含两位数字，如 0012345678 或 ZS-2026-0117：请与患者腕带或病历核对。</translation>
    </message>
    <message>
      <source>The language a subject reads is English (en) or Chinese (zh), not {value}.</source>
      <translation>受试者的阅读语言为英文（en）或中文（zh），不能是 {value}。</translation>
    </message>
    <message>
      <source>A baseline weight of {weight} is outside {low} to {high}: check the weight and that it is in kg.</source>
      <translation>基线体重 {weight} 不在 {low} 至 {high} 范围内：请核对体重，并确认单位为 kg。</translation>
    </message>
    <message>
      <source>A height of {height} is not plausible: check it is in cm.</source>
      <translation>身高 {height} 不合理：请确认单位为 cm。</translation>
    </message>
    <message>
      <source>Give the date of birth.</source>
      <translation>请填写出生日期。</translation>
    </message>
    <message>
      <source>The date of birth must be in the past.</source>
      <translation>出生日期必须早于今天。</translation>
    </message>
    <message>
      <source>A date of birth of {birth_date} is not plausible: check the year.</source>
      <translation>出生日期 {birth_date} 不合理：请核对年份。</translation>
    </message>
    <message>
      <source>The planned date of C1D1</source>
      <translation>C1D1 计划日期</translation>
    </message>
    <message>
      <source>The screening date</source>
      <translation>筛选日期</translation>
    </message>
    <message>
      <source>The allergies</source>
      <translation>过敏史</translation>
    </message>
    <message>
      <source>These details cannot be corrected here: {fields}.</source>
      <translation>以下信息不能在此更正：{fields}。</translation>
    </message>
    <message>
      <source>Nothing to correct.</source>
      <translation>没有需要更正的内容。</translation>
    </message>
    <message>
      <source>Sex must be female or male, not {value}.</source>
      <translation>性别须为女或男，不能是 {value}。</translation>
    </message>
    <message>
      <source>Give the planned date of C1D1, the first dose.</source>
      <translation>请填写 C1D1（首次给药）的计划日期。</translation>
    </message>
    <message>
      <source>C1D1 is the first dose: plan it from today on.</source>
      <translation>C1D1 是首次给药：请安排在今天或以后。</translation>
    </message>
    <message>
      <source>Subject number {number} is already enrolled.</source>
      <translation>受试者编号 {number} 已入组。</translation>
    </message>
    <message>
      <source>{subject} is not in screening ({status}).</source>
      <translation>{subject} 不在筛选期（{status}）。</translation>
    </message>
    <message>
      <source>Screening can be recorded as done only on a day that has come.</source>
      <translation>只能将已到来的日期记录为筛选完成日期。</translation>
    </message>
    <message>
      <source>Screening on {day} must fall in the {days} days before C1D1 ({c1d1}).</source>
      <translation>筛选日期 {day} 必须在 C1D1（{c1d1}）之前的 {days} 天内。</translation>
    </message>
    <message>
      <source>Subject number {number} (or its hospital number) was enrolled on another workstation just now.</source>
      <translation>受试者编号 {number}（或其住院号）刚刚已在另一工作站入组。</translation>
    </message>
    <message>
      <source>Another workstation gave this hospital number to a subject just now: check it.</source>
      <translation>另一工作站刚刚把此住院号给了某位受试者：请核对。</translation>
    </message>
    <message>
      <source>Stopping treatment</source>
      <translation>终止治疗</translation>
    </message>
    <message>
      <source>Ending follow-up</source>
      <translation>结束随访</translation>
    </message>
    <message>
      <source>The date of {what}</source>
      <translation>{what}的日期</translation>
    </message>
    <message>
      <source>the decision</source>
      <translation>决定</translation>
    </message>
    <message>
      <source>the resolution</source>
      <translation>缓解</translation>
    </message>
    <message>
      <source>The note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Ending a hold</source>
      <translation>结束暂停给药</translation>
    </message>
    <message>
      <source>the end of the hold</source>
      <translation>暂停给药结束</translation>
    </message>
    <message>
      <source>Reducing the dose level</source>
      <translation>降低剂量水平</translation>
    </message>
    <message>
      <source>the reduction</source>
      <translation>减量</translation>
    </message>
    <message>
      <source>The detail</source>
      <translation>详细说明</translation>
    </message>
    <message>
      <source>the decision to stop</source>
      <translation>终止治疗决定</translation>
    </message>
    <message>
      <source>the end of follow-up</source>
      <translation>随访结束</translation>
    </message>
    <message>
      <source>Cancelling a toxicity</source>
      <translation>作废毒性记录</translation>
    </message>
    <message>
      <source>{subject} is not on treatment ({status}): there is no dose to hold, reduce or stop.</source>
      <translation>{subject} 不在治疗中（{status}）：没有可暂停、减量或终止的给药。</translation>
    </message>
    <message>
      <source>Give the date of {what}.</source>
      <translation>请填写{what}的日期。</translation>
    </message>
    <message>
      <source>The date of {what} ({day}) is in the future.</source>
      <translation>{what}的日期（{day}）在将来。</translation>
    </message>
    <message>
      <source>The date of {what} ({day}) is before {earliest}.</source>
      <translation>{what}的日期（{day}）早于 {earliest}。</translation>
    </message>
    <message>
      <source>Treatment cannot stop on {day}, before the last dose given on {last}.</source>
      <translation>治疗不能在 {day} 终止，早于最后一次给药日期 {last}。</translation>
    </message>
    <message>
      <source>The CTCAE term</source>
      <translation>CTCAE 术语</translation>
    </message>
    <message>
      <source>The onset date</source>
      <translation>发生日期</translation>
    </message>
    <message>
      <source>CTCAE v5.0 grades {term} {grades}; grade {grade} is not one of them.</source>
      <translation>CTCAE v5.0 中 {term} 的分级为 {grades}；{grade} 级不在其中。</translation>
    </message>
    <message>
      <source>The onset date must be a day that has come.</source>
      <translation>发生日期必须是今天或之前的日期。</translation>
    </message>
    <message>
      <source>The onset date is before the subject's screening.</source>
      <translation>发生日期早于受试者的筛选期。</translation>
    </message>
    <message>
      <source>Give the level to resume at in mg/kg.</source>
      <translation>请以 mg/kg 填写恢复给药的剂量水平。</translation>
    </message>
    <message>
      <source>A dose level never rises: {level} is above the current {current}.</source>
      <translation>剂量水平只降不升：{level} 高于当前的 {current}。</translation>
    </message>
    <message>
      <source>Resume at the current level ({current}) or one level lower ({lower}); {level} is neither.</source>
      <translation>请按当前剂量水平（{current}）或降低一个水平（{lower}）恢复给药；{level} 两者都不是。</translation>
    </message>
    <message>
      <source>This toxicity was cancelled.</source>
      <translation>该毒性记录已作废。</translation>
    </message>
    <message>
      <source>A decision on {term} grade {grade} was taken already; if it changes, record the toxicity again with its new grade.</source>
      <translation>已对 {term} {grade} 级作出决定；如有变化，请按新的分级重新记录该毒性。</translation>
    </message>
    <message>
      <source>Overriding the protocol's proposed action</source>
      <translation>不采纳方案建议的处理</translation>
    </message>
    <message>
      <source>hold</source>
      <translation>暂停给药记录</translation>
    </message>
    <message>
      <source>{term} was recorded as resolved on {day}.</source>
      <translation>{term} 已记录为于 {day} 缓解。</translation>
    </message>
    <message>
      <source>This hold ended on {day}.</source>
      <translation>该暂停给药已于 {day} 结束。</translation>
    </message>
    <message>
      <source>{subject} is not in follow-up ({status}).</source>
      <translation>{subject} 不在随访期（{status}）。</translation>
    </message>
    <message>
      <source>This toxicity is already cancelled.</source>
      <translation>该毒性记录已经作废。</translation>
    </message>
    <message>
      <source>A decision was taken on this toxicity and applied; it stays on record. Record a correction instead.</source>
      <translation>该毒性已作出决定并已执行，记录须保留。请改为记录一条更正。</translation>
    </message>
    <message>
      <source>'{action}' is not a decision: continue, hold or discontinue.</source>
      <translation>“{action}”不是有效的决定：请选继续、暂停给药或终止治疗。</translation>
    </message>
    <message>
      <source>Hold until a grade from 0 (resolved) to 4.</source>
      <translation>暂停给药直至的分级须为 0（缓解）到 4。</translation>
    </message>
    <message>
      <source>{subject} has no dose visit still to come to hold.</source>
      <translation>{subject} 没有尚未进行的给药访视可暂停。</translation>
    </message>
    <message>
      <source>The disk is full: nothing was written to the database {place}. Free some space on that disk and try again.</source>
      <translation>磁盘已满：没有向数据库 {place} 写入任何内容。请在该磁盘上腾出空间后重试。</translation>
    </message>
    <message>
      <source>The database {place} is read-only here (the file, its folder or its disk): nothing was written. DoseDesk needs to write to it and beside it; ask for write access, or copy it to a folder you can write to.</source>
      <translation>数据库 {place} 在此处是只读的（文件、所在文件夹或磁盘）：没有写入任何内容。DoseDesk 需要写入该文件及其旁边的文件；请申请写入权限，或将它复制到您可以写入的文件夹。</translation>
    </message>
    <message>
      <source>{place} is not a DoseDesk database (it is not a SQLite database file): check the database you asked DoseDesk to open, or restore it from a backup copy.</source>
      <translation>{place} 不是 DoseDesk 数据库（不是 SQLite 数据库文件）：请检查您让 DoseDesk 打开的数据库，或从备份副本恢复。</translation>
    </message>
    <message>
      <source>DoseDesk cannot open the database {place} ({reason}): check that the file and its folder exist and that you may read and write them.</source>
      <translation>DoseDesk 无法打开数据库 {place}（{reason}）：请确认该文件及其文件夹存在，且您有读写权限。</translation>
    </message>
    <message>
      <source>{place} is a folder, not a DoseDesk database: give the database file itself.</source>
      <translation>{place} 是文件夹，不是 DoseDesk 数据库：请指定数据库文件本身。</translation>
    </message>
    <message>
      <source>{place} is not a file (it is a device or a pipe), so it is not a DoseDesk database: give the database file itself.</source>
      <translation>{place} 不是文件（是设备或管道），因此不是 DoseDesk 数据库：请指定数据库文件本身。</translation>
    </message>
    <message>
      <source>The database {place} is cut short ({size} of its {expected} bytes; a copy that did not finish?): DoseDesk will not use it. Restore it from a backup copy.</source>
      <translation>数据库 {place} 不完整（只有 {expected} 字节中的 {size} 字节；是未完成的复制吗？）：DoseDesk 不会使用它。请从备份副本恢复。</translation>
    </message>
    <message>
      <source>{place} is not a DoseDesk database, or an incomplete one (a table is missing): DoseDesk will not use it. Restore the database from a backup copy.</source>
      <translation>{place} 不是 DoseDesk 数据库，或是不完整的数据库（缺少数据表）：DoseDesk 不会使用它。请从备份副本恢复数据库。</translation>
    </message>
    <message>
      <source>The disk of the PostgreSQL server at {server} is full: nothing was written. Ask its administrator to free some space.</source>
      <translation>位于 {server} 的 PostgreSQL 服务器磁盘已满：没有写入任何内容。请让其管理员腾出空间。</translation>
    </message>
    <message>
      <source>The PostgreSQL server at {server} refused the user {user}: check the user name and password in the database address.</source>
      <translation>位于 {server} 的 PostgreSQL 服务器拒绝了用户 {user}：请检查数据库地址中的用户名和密码。</translation>
    </message>
    <message>
      <source>The PostgreSQL server at {server} has no database {name}: check the database name in the address, or ask its administrator to create it.</source>
      <translation>位于 {server} 的 PostgreSQL 服务器上没有数据库 {name}：请检查地址中的数据库名，或请其管理员创建该数据库。</translation>
    </message>
    <message>
      <source>The PostgreSQL server at {server} only reads (a standby?): nothing was written. Connect to the server that takes writes.</source>
      <translation>位于 {server} 的 PostgreSQL 服务器只能读取（是备用服务器吗？）：没有写入任何内容。请连接可写入的服务器。</translation>
    </message>
    <message>
      <source>The database {name} on the PostgreSQL server at {server} is not a DoseDesk database, or an incomplete one (a table is missing).</source>
      <translation>位于 {server} 的 PostgreSQL 服务器上的数据库 {name} 不是 DoseDesk 数据库，或是不完整的数据库（缺少数据表）。</translation>
    </message>
    <message>
      <source>The PostgreSQL user {user} may not use the DoseDesk tables of {name} on the server at {server}: ask its administrator for the rights DoseDesk needs.</source>
      <translation>PostgreSQL 用户 {user} 无权使用位于 {server} 的服务器上 {name} 中的 DoseDesk 数据表：请向其管理员申请 DoseDesk 所需的权限。</translation>
    </message>
    <message>
      <source>Cannot reach the PostgreSQL server at {server}: check that it is running, that the address is right and that this workstation may connect to it. Nothing was changed.</source>
      <translation>无法连接位于 {server} 的 PostgreSQL 服务器：请确认它正在运行、地址正确，且本工作站可以连接它。没有做任何更改。</translation>
    </message>
    <message>
      <source>The disk is full: nothing more was written. Free some space on it and try again.</source>
      <translation>磁盘已满：没有再写入任何内容。请腾出空间后重试。</translation>
    </message>
    <message>
      <source>The disk is read-only: nothing was written. Write to a disk you may write to.</source>
      <translation>磁盘是只读的：没有写入任何内容。请写入您有权写入的磁盘。</translation>
    </message>
    <message>
      <source>The database {place} is damaged (SQLite says: {detail}); nothing was changed. Restore it from a backup copy; dosedesk check lists what is wrong.</source>
      <translation>数据库 {place} 已损坏（SQLite 报告：{detail}）；没有做任何更改。请从备份副本恢复；dosedesk check 会列出问题所在。</translation>
    </message>
    <message>
      <source>The disk holding the database {place} failed to read or write (disk I/O error); nothing was written. Check the disk, then run dosedesk check.</source>
      <translation>存放数据库 {place} 的磁盘读写失败（磁盘 I/O 错误）；没有写入任何内容。请检查磁盘，然后运行 dosedesk check。</translation>
    </message>
    <message>
      <source>its folder does not exist</source>
      <translation>其所在文件夹不存在</translation>
    </message>
    <message>
      <source>an order was changed</source>
      <translation>一份医嘱被更改</translation>
    </message>
    <message>
      <source>a visit was changed</source>
      <translation>一次访视被更改</translation>
    </message>
    <message>
      <source>the subject's record was changed</source>
      <translation>受试者的记录被更改</translation>
    </message>
    <message>
      <source>a lot was changed</source>
      <translation>一个批次被更改</translation>
    </message>
    <message>
      <source>a user account was changed</source>
      <translation>一个用户账户被更改</translation>
    </message>
    <message>
      <source>the protocol version was changed</source>
      <translation>方案版本被更改</translation>
    </message>
    <message>
      <source>{other} Nothing was saved: look at it again, then do what is still needed.</source>
      <translation>{other}您的操作未保存：请重新查看，再完成仍需进行的操作。</translation>
    </message>
    <message>
      <source>Someone else just did this: {what} ({name}, {time}).</source>
      <translation>其他人刚刚进行了此操作：{what}（{name}，{time}）。</translation>
    </message>
    <message>
      <source>Someone else changed this at the same moment, so nothing was saved: look at it again, then do what is still needed.</source>
      <translation>其他人在同一时刻更改了此记录，因此您的操作未保存：请重新查看，再完成仍需进行的操作。</translation>
    </message>
    <message>
      <source>a record was changed</source>
      <translation>一条记录被更改</translation>
    </message>
    <message>
      <source>{other} {refusal}</source>
      <translation>{other}{refusal}</translation>
    </message>
    <message>
      <source>The user name or password is wrong.</source>
      <translation>用户名或密码错误。</translation>
    </message>
    <message>
      <source>password stored again with the current hashing parameters at sign-in; the password is unchanged</source>
      <translation>登录时按当前的哈希参数重新存储了密码；密码本身未更改</translation>
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
      <source>The password</source>
      <translation>密码</translation>
    </message>
    <message>
      <source>The user's full name</source>
      <translation>用户全名</translation>
    </message>
    <message>
      <source>Give the password.</source>
      <translation>请填写密码。</translation>
    </message>
    <message>
      <source>A password has at most {count} characters.</source>
      <translation>密码最多 {count} 个字符。</translation>
    </message>
    <message>
      <source>A password needs at least {count} characters.</source>
      <translation>密码至少需要 {count} 个字符。</translation>
    </message>
    <message>
      <source>A password cannot begin or end with a space.</source>
      <translation>密码不能以空格开头或结尾。</translation>
    </message>
    <message>
      <source>There is no such user.</source>
      <translation>没有这个用户。</translation>
    </message>
    <message>
      <source>Sign in as a user with the {role} role to do this.</source>
      <translation>请以具有{role}角色的用户登录后再操作。</translation>
    </message>
    <message>
      <source>This needs the {role} role, which {name} does not hold.</source>
      <translation>此操作需要{role}角色，{name} 没有该角色。</translation>
    </message>
    <message>
      <source>A user needs at least one role.</source>
      <translation>用户至少需要一个角色。</translation>
    </message>
    <message>
      <source>A user name is 1 to 64 letters, digits, dots, dashes or underscores, beginning with a letter or digit.</source>
      <translation>用户名由 1 到 64 个字母、数字、点、短横线或下划线组成，须以字母或数字开头。</translation>
    </message>
    <message>
      <source>Give the user's full name as it should be printed on signatures.</source>
      <translation>请填写用户的全名，即签名上打印的姓名。</translation>
    </message>
    <message>
      <source>The window speaks English (en) or Chinese (zh), not {value}.</source>
      <translation>界面语言为英文（en）或中文（zh），不能是 {value}。</translation>
    </message>
    <message>
      <source>This account is disabled; it cannot sign.</source>
      <translation>此账户已停用，不能签名。</translation>
    </message>
    <message>
      <source>This account is locked; it cannot sign until an administrator unlocks it.</source>
      <translation>此账户已锁定，管理员解锁前不能签名。</translation>
    </message>
    <message>
      <source>The password is wrong; nothing was signed.</source>
      <translation>密码错误，未签署任何内容。</translation>
    </message>
    <message>
      <source>The user name {name} is taken.</source>
      <translation>用户名 {name} 已被占用。</translation>
    </message>
    <message>
      <source>This is the last active administrator; give another user the admin role first.</source>
      <translation>这是最后一位在用的管理员：请先将管理员角色授予其他用户。</translation>
    </message>
    <message>
      <source>You cannot disable your own account.</source>
      <translation>您不能停用自己的账户。</translation>
    </message>
    <message>
      <source>This is the last active administrator; it cannot be disabled.</source>
      <translation>这是最后一位在用的管理员，不能停用。</translation>
    </message>
    <message>
      <source>The current password is wrong; the password was not changed.</source>
      <translation>当前密码错误，密码未更改。</translation>
    </message>
    <message>
      <source>Choose a new password different from the current one.</source>
      <translation>请设置与当前密码不同的新密码。</translation>
    </message>
    <message>
      <source>This account is disabled; ask an administrator.</source>
      <translation>此账户已停用，请联系管理员。</translation>
    </message>
    <message>
      <source>This account is locked after {count} failed sign-ins; an administrator must unlock it.</source>
      <translation>此账户因 {count} 次登录失败已锁定，须由管理员解锁。</translation>
    </message>
    <message>
      <source>Wrong password {count} times: this account is now locked; an administrator must unlock it.</source>
      <translation>密码已错误 {count} 次：此账户现已锁定，须由管理员解锁。</translation>
    </message>
    <message>
      <source>'{role}' is not a role; the roles are {names}.</source>
      <translation>“{role}”不是角色；可用角色为 {names}。</translation>
    </message>
    <message>
      <source>The first user must be an administrator.</source>
      <translation>第一位用户必须是管理员。</translation>
    </message>
    <message>
      <source>The day to book</source>
      <translation>预约日期</translation>
    </message>
    <message>
      <source>The reason for the booking</source>
      <translation>预约原因</translation>
    </message>
    <message>
      <source>Cancelling a booking</source>
      <translation>取消预约</translation>
    </message>
    <message>
      <source>Recording a missed visit</source>
      <translation>记录未进行的访视</translation>
    </message>
    <message>
      <source>Omitting a dose</source>
      <translation>省略给药</translation>
    </message>
    <message>
      <source>{label} is no longer on {subject}'s calendar.</source>
      <translation>{label} 已不在受试者 {subject} 的访视日历中。</translation>
    </message>
    <message>
      <source>Choose the day to book.</source>
      <translation>请选择预约日期。</translation>
    </message>
    <message>
      <source>The day the visit was done</source>
      <translation>访视完成日期</translation>
    </message>
    <message>
      <source>{subject} failed screening: nothing is planned for them.</source>
      <translation>{subject} 筛选失败：不再为其安排访视。</translation>
    </message>
    <message>
      <source>{subject} is off study: nothing is planned for them.</source>
      <translation>{subject} 已出组：不再为其安排访视。</translation>
    </message>
    <message>
      <source>Screening was done on {screened_on}, more than {days} days before {day}: the subject must be screened again.</source>
      <translation>筛选于 {screened_on} 完成，距 {day} 超过 {days} 天：受试者须重新筛选。</translation>
    </message>
    <message>
      <source>{label} is {status}: only a visit still to happen can be booked.</source>
      <translation>{label} {status}：只能预约尚未进行的访视。</translation>
    </message>
    <message>
      <source>{day} has already passed: book a day from today on.</source>
      <translation>{day} 已过：请预约今天或以后的日期。</translation>
    </message>
    <message>
      <source>Booking {label} on {day} needs a reason: {problems}</source>
      <translation>将 {label} 预约在 {day} 需要填写原因：{problems}</translation>
    </message>
    <message>
      <source>{label} is not booked.</source>
      <translation>{label} 未预约。</translation>
    </message>
    <message>
      <source>{label} is a dose: it is done when its infusion is recorded as given on the order.</source>
      <translation>{label} 是给药访视：在医嘱上记录输注已给药后即为完成。</translation>
    </message>
    <message>
      <source>{label} is {status}; it cannot be recorded as done.</source>
      <translation>{label} {status}；不能记录为已完成。</translation>
    </message>
    <message>
      <source>A visit can be recorded as done only on a day that has come.</source>
      <translation>只能将已到来的日期记录为访视完成日期。</translation>
    </message>
    <message>
      <source>{label} is a dose: a Day 1 waits until it can be given, and an investigator omits a later dose day.</source>
      <translation>{label} 是给药访视：第 1 天须等到可以给药时再给，之后的给药日由研究者决定省略。</translation>
    </message>
    <message>
      <source>{label} is {status}; only a visit still to happen can be missed.</source>
      <translation>{label} {status}；只能将尚未进行的访视记录为未进行。</translation>
    </message>
    <message>
      <source>{label} is not a dose visit.</source>
      <translation>{label} 不是给药访视。</translation>
    </message>
    <message>
      <source>{label} cannot be omitted: a held Day 1 waits until it can be given.</source>
      <translation>{label} 不能省略：暂停给药的第 1 天须等到可以给药时再给。</translation>
    </message>
    <message>
      <source>{label} is {status}; only a dose still to come can be omitted.</source>
      <translation>{label} {status}；只能省略尚未进行的给药。</translation>
    </message>
    <message>
      <source>{label} has order {order} open: cancel the order first.</source>
      <translation>{label} 有未完成的医嘱 {order}：请先取消该医嘱。</translation>
    </message>
    <message>
      <source>The audit trail was rewritten after row {intact}, at or before row {row}: that row is not the one DoseDesk on this computer wrote and witnessed ({at} UTC), yet the chain of hashes holds, so every hash after the change was recomputed.</source>
      <translation>审计追踪在第 {intact} 行之后、第 {row} 行或之前被改写：该行不是本机 DoseDesk 写入并见证的那一行（{at} UTC），而哈希链仍然完整，说明修改之后的每个哈希都被重新计算过。</translation>
    </message>
    <message>
      <source>The witness of the audit trail cannot be written in {folder} ({problem}): changes made here are not witnessed outside the database until it can.</source>
      <translation>无法在 {folder} 中写入审计追踪的见证（{problem}）：在恢复写入之前，本机所做的修改不会在数据库之外得到见证。</translation>
    </message>
    <message>
      <source>The audit trail is empty, but DoseDesk on this computer witnessed it up to row {row} ({at} UTC): it was emptied outside DoseDesk.</source>
      <translation>审计追踪为空，但本机 DoseDesk 曾见证它到第 {row} 行（{at} UTC）：它是在 DoseDesk 之外被清空的。</translation>
    </message>
    <message>
      <source>This is not the database DoseDesk on this computer witnessed at this place (that one's audit trail began differently, and reached row {row} on {at} UTC): the database was replaced outside DoseDesk, or its whole audit trail rewritten. After a restore made outside DoseDesk, `dosedesk check --reset-witness` starts the witness again.</source>
      <translation>这不是本机 DoseDesk 在此位置见证过的数据库（那个数据库的审计追踪开头不同，并于 {at} UTC 达到第 {row} 行）：数据库在 DoseDesk 之外被替换，或其整个审计追踪被改写。若是在 DoseDesk 之外进行的恢复，运行 `dosedesk check --reset-witness` 可重新开始见证。</translation>
    </message>
    <message>
      <source>Audit rows {first} to {last} ({records}) were not written by DoseDesk on this computer, which witnesses every change it makes to this database: they were added outside DoseDesk (or by a DoseDesk using another data folder, or just before this computer lost power).</source>
      <translation>审计行 {first} 至 {last}（{records}）不是本机 DoseDesk 写入的，而本机会见证它对该数据库的每一次修改：这些行是在 DoseDesk 之外添加的（或由使用其他数据文件夹的 DoseDesk 写入，或写入后本机随即断电）。</translation>
    </message>
    <message>
      <source>The audit trail ends at row {last}, but DoseDesk on this computer wrote it up to row {row} ({at} UTC), and the rows after row {intact} are not the ones it wrote: they were removed or rewritten outside DoseDesk, or an older copy of the database was put in its place.</source>
      <translation>审计追踪止于第 {last} 行，但本机 DoseDesk 曾写到第 {row} 行（{at} UTC），且第 {intact} 行之后的行已不是它写入的那些：它们在 DoseDesk 之外被删除或改写，或数据库被换成了较旧的副本。</translation>
    </message>
    <message>
      <source>The audit trail was rewritten at or before row {row}: that row is not the one DoseDesk on this computer wrote and witnessed ({at} UTC), yet the chain of hashes holds, so every hash after the change was recomputed.</source>
      <translation>审计追踪在第 {row} 行或之前被改写：该行不是本机 DoseDesk 写入并见证的那一行（{at} UTC），而哈希链仍然完整，说明修改之后的每个哈希都被重新计算过。</translation>
    </message>
    <message>
      <source>{source} is neither a file nor a printed head (ROW:HASH, e.g. 4510:3fa9c2d1e0b4).</source>
      <translation>{source} 既不是文件，也不是打印的审计头（行号:哈希，例如 4510:3fa9c2d1e0b4）。</translation>
    </message>
    <message>
      <source>{file} is a copy of another database (its audit trail begins differently).</source>
      <translation>{file} 是另一个数据库的副本（其审计追踪开头不同）。</translation>
    </message>
    <message>
      <source>{file} is the head of a copy of another database.</source>
      <translation>{file} 是另一个数据库副本的审计头。</translation>
    </message>
    <message>
      <source>The witness {file} of the audit trail cannot be read ({problem}); DoseDesk starts it again at its next change made here. A rewritten trail cannot be told from here until then.</source>
      <translation>审计追踪的见证文件 {file} 无法读取（{problem}）；DoseDesk 将在本机下一次修改时重新开始见证。在此之前，本机无法识别被改写的审计追踪。</translation>
    </message>
    <message>
      <source>No witness of this database's audit trail is kept on this computer (none was written here yet, or it was deleted): a trail rewritten together with its records cannot be told from here. DoseDesk keeps one from its next change made here.</source>
      <translation>本机没有保存该数据库审计追踪的见证（尚未在此写入过，或已被删除）：与记录一同被改写的审计追踪在本机无法识别。DoseDesk 将从本机下一次修改起保存见证。</translation>
    </message>
    <message>
      <source>The audit trail ends at row {last}, but DoseDesk on this computer wrote it up to row {row} ({at} UTC): rows were removed from its end, or an older copy of the database was put in its place outside DoseDesk (or that last write failed as it was being saved).</source>
      <translation>审计追踪止于第 {last} 行，但本机 DoseDesk 曾写到第 {row} 行（{at} UTC）：末尾的行被删除，或数据库在 DoseDesk 之外被换成了较旧的副本（或最后一次写入在保存时失败）。</translation>
    </message>
    <message>
      <source>{file} could not be read as a DoseDesk database: {problem}.</source>
      <translation>{file} 无法作为 DoseDesk 数据库读取：{problem}。</translation>
    </message>
    <message>
      <source>The audit trail has no row {row} any more.</source>
      <translation>审计追踪中已没有第 {row} 行。</translation>
    </message>
    <message>
      <source>Row {row} of the audit trail is not the row printed ({printed}…; now {now}…): the trail was rewritten at or before it.</source>
      <translation>审计追踪第 {row} 行与打印的不符（打印为 {printed}…，现在为 {now}…）：审计追踪在该行或之前被改写。</translation>
    </message>
    <message>
      <source>Row {row} of the audit trail ({then}) is in the copy {file} but no longer in the database.</source>
      <translation>审计追踪第 {row} 行（{then}）在副本 {file} 中，但已不在数据库中。</translation>
    </message>
    <message>
      <source>Row {row} of the audit trail differs from the copy {file}: the copy says {then}, the database now says {now}. The trail was rewritten from there.</source>
      <translation>审计追踪第 {row} 行与副本 {file} 不符：副本记载 {then}，数据库现在记载 {now}。审计追踪从该处起被改写。</translation>
    </message>
    <message>
      <source>{file} is not the head of a DoseDesk backup.</source>
      <translation>{file} 不是 DoseDesk 备份的审计头文件。</translation>
    </message>
    <message>
      <source>The audit trail ends at row {last}, but the head given was row {row}: rows were removed from its end.</source>
      <translation>审计追踪止于第 {last} 行，但给出的审计头为第 {row} 行：末尾的行已被删除。</translation>
    </message>
    <message>
      <source>{first}, {second}</source>
      <translation>{first}、{second}</translation>
    </message>
    <message>
      <source>{first} and {second}</source>
      <translation>{first}和{second}</translation>
    </message>
    <message>
      <source>no {lab} result in the {days} days before the dose on {dose_date}; the latest, of {taken}, is {age} days old and no longer counts</source>
      <translation>{dose_date} 给药前 {days} 天内没有{lab}结果；最近一次为 {taken}，已过去 {age} 天，不再有效</translation>
    </message>
    <message>
      <source>{value} {unit} on {taken}</source>
      <translation>{value} {unit}（{taken}）</translation>
    </message>
    <message>
      <source>no {lab} result in the {days} days before the dose on {dose_date}</source>
      <translation>{dose_date} 给药前 {days} 天内没有{lab}结果</translation>
    </message>
    <message>
      <source>no {lab} result in the {days} days before the dose on {dose_date}; the one of {taken} is after the dose date</source>
      <translation>{dose_date} 给药前 {days} 天内没有{lab}结果；{taken} 的结果在给药日期之后</translation>
    </message>
    <message>
      <source>{reason}; a creatinine clearance counts only with a current creatinine result</source>
      <translation>{reason}；只有在有当前肌酐结果时，肌酐清除率才有效</translation>
    </message>
    <message>
      <source>{fact} is ≤ {multiple} × ULN</source>
      <translation>{fact}，符合 ≤ {multiple} × ULN</translation>
    </message>
    <message>
      <source>{fact} is not ≤ {multiple} × ULN</source>
      <translation>{fact}，不符合 ≤ {multiple} × ULN</translation>
    </message>
    <message>
      <source>Day {day} is not a dose day of protocol {protocol} (dose days: {days})</source>
      <translation>第 {day} 天不是方案 {protocol} 的给药日（给药日：{days}）</translation>
    </message>
    <message>
      <source>a creatinine clearance of {value} mL/min is impossible</source>
      <translation>肌酐清除率 {value} mL/min 不可能</translation>
    </message>
    <message>
      <source>protocol {protocol}: criterion to treat names lab {lab}, which DoseDesk does not know ({labs})</source>
      <translation>方案 {protocol}：给药标准中的化验 {lab} 不是 DoseDesk 认识的化验（{labs}）</translation>
    </message>
    <message>
      <source>{file}: a CTCAE term is listed twice</source>
      <translation>{file}：有一个 CTCAE 术语列出了两次</translation>
    </message>
    <message>
      <source>{term} is not a CTCAE v5.0 term</source>
      <translation>{term} 不是 CTCAE v5.0 术语</translation>
    </message>
    <message>
      <source>the number of terms to show must be at least 1</source>
      <translation>显示的术语数量至少为 1</translation>
    </message>
    <message>
      <source>grade {grade} does not exist in CTCAE: grades run from 1 to 5</source>
      <translation>CTCAE 中没有 {grade} 级：分级为 1 至 5 级</translation>
    </message>
    <message>
      <source>{file}: {word} names a term that is not in CTCAE v5.0</source>
      <translation>{file}：{word} 指向的术语不在 CTCAE v5.0 中</translation>
    </message>
    <message>
      <source>the laboratory's lower limit of normal (LLN)</source>
      <translation>实验室正常值下限（LLN）</translation>
    </message>
    <message>
      <source>the laboratory's upper limit of normal (ULN)</source>
      <translation>实验室正常值上限（ULN）</translation>
    </message>
    <message>
      <source>the baseline value</source>
      <translation>基线值</translation>
    </message>
    <message>
      <source>baseline</source>
      <translation>基线值</translation>
    </message>
    <message>
      <source>CTCAE v5.0 limits</source>
      <translation>CTCAE v5.0 界值</translation>
    </message>
    <message>
      <source>the CTCAE grade of {lab} {value} depends on {reference} (CTCAE v5.0 {term} grade {grade}: "{definition}"); give the {name}</source>
      <translation>{lab} {value} 的 CTCAE 分级取决于{reference}（CTCAE v5.0 {term} {grade} 级：“{definition}”）；请填写{name}</translation>
    </message>
    <message>
      <source>multiples of the ULN (no baseline given)</source>
      <translation>ULN 的倍数（未提供基线）</translation>
    </message>
    <message>
      <source>{basis} (CTCAE grades it without reference to a baseline)</source>
      <translation>{basis}（CTCAE 对其分级不参考基线）</translation>
    </message>
    <message>
      <source>lab-grading.toml: {where} has {condition}, which is not a condition such as '&gt; 3.0 x ULN'</source>
      <translation>lab-grading.toml：{where} 中的 {condition} 不是 '&gt; 3.0 x ULN' 这样的条件</translation>
    </message>
    <message>
      <source>lab-grading.toml: {where} must be a table of grade = conditions</source>
      <translation>lab-grading.toml：{where} 必须是“分级 = 条件”的表</translation>
    </message>
    <message>
      <source>lab-grading.toml: {where} must give grades 1, 2, … without a gap</source>
      <translation>lab-grading.toml：{where} 必须连续给出 1、2、… 级，不能有空缺</translation>
    </message>
    <message>
      <source>lab-grading.toml: {where} mixes limits below and above: all must point one way</source>
      <translation>lab-grading.toml：{where} 混用了低于和高于的界值：所有界值必须同一方向</translation>
    </message>
    <message>
      <source>{lab} is not a lab DoseDesk grades by CTCAE; it grades: {labs}</source>
      <translation>{lab} 不是 DoseDesk 按 CTCAE 分级的化验；可分级的化验：{labs}</translation>
    </message>
    <message>
      <source>a baseline {lab} of 0 cannot be used to grade a change from baseline</source>
      <translation>基线{lab}为 0，不能用于按相对基线的变化分级</translation>
    </message>
    <message>
      <source>CTCAE v5.0 limits, with the baseline</source>
      <translation>CTCAE v5.0 界值，参考基线</translation>
    </message>
    <message>
      <source>a baseline {lab} of</source>
      <translation>基线{lab}</translation>
    </message>
    <message>
      <source>the normal range of {lab} is upside down: the LLN must be below the ULN</source>
      <translation>{lab}的正常值范围颠倒了：LLN 必须低于 ULN</translation>
    </message>
    <message>
      <source>a limit of normal of 0 cannot be used to grade {lab}</source>
      <translation>正常值界限为 0，不能用于{lab}分级</translation>
    </message>
    <message>
      <source>the baseline is a {baseline} result, not {lab}</source>
      <translation>基线是{baseline}结果，不是{lab}结果</translation>
    </message>
    <message>
      <source>lab-grading.toml: {where} grade {grade} is not a CTCAE grade of {term}</source>
      <translation>lab-grading.toml：{where} 的 {grade} 级不是 {term} 的 CTCAE 分级</translation>
    </message>
    <message>
      <source>lab-grading.toml: {where}.{grade} must list at least one condition</source>
      <translation>lab-grading.toml：{where}.{grade} 必须至少列出一个条件</translation>
    </message>
    <message>
      <source>lab-grading.toml: {lab} is not a lab DoseDesk knows</source>
      <translation>lab-grading.toml：{lab} 不是 DoseDesk 认识的化验</translation>
    </message>
    <message>
      <source>lab-grading.toml: labs.{lab} needs both baseline_abnormal_grades and baseline_abnormal_when</source>
      <translation>lab-grading.toml：labs.{lab} 需要同时给出 baseline_abnormal_grades 和 baseline_abnormal_when</translation>
    </message>
    <message>
      <source>multiples of the baseline (baseline was abnormal)</source>
      <translation>基线的倍数（基线异常）</translation>
    </message>
    <message>
      <source>multiples of the ULN (baseline was normal)</source>
      <translation>ULN 的倍数（基线正常）</translation>
    </message>
    <message>
      <source>to know whether the baseline {lab} was abnormal (CTCAE grades an abnormal baseline in multiples of the baseline), give the laboratory's upper limit of normal (ULN)</source>
      <translation>为判断基线{lab}是否异常（基线异常时 CTCAE 按基线的倍数分级），请填写实验室正常值上限（ULN）</translation>
    </message>
    <message>
      <source>neutrophil count (ANC)</source>
      <translation>中性粒细胞计数（ANC）</translation>
    </message>
    <message>
      <source>platelet count</source>
      <translation>血小板计数</translation>
    </message>
    <message>
      <source>white blood cell count</source>
      <translation>白细胞计数</translation>
    </message>
    <message>
      <source>lymphocyte count</source>
      <translation>淋巴细胞计数</translation>
    </message>
    <message>
      <source>haemoglobin</source>
      <translation>血红蛋白</translation>
    </message>
    <message>
      <source>ALT</source>
      <translation>ALT</translation>
    </message>
    <message>
      <source>AST</source>
      <translation>AST</translation>
    </message>
    <message>
      <source>alkaline phosphatase</source>
      <translation>碱性磷酸酶</translation>
    </message>
    <message>
      <source>total bilirubin</source>
      <translation>总胆红素</translation>
    </message>
    <message>
      <source>creatinine</source>
      <translation>肌酐</translation>
    </message>
    <message>
      <source>serum albumin</source>
      <translation>血清白蛋白</translation>
    </message>
    <message>
      <source>INR</source>
      <translation>INR</translation>
    </message>
    <message>
      <source>APTT</source>
      <translation>APTT</translation>
    </message>
    <message>
      <source>24-hour urine protein</source>
      <translation>24 小时尿蛋白</translation>
    </message>
    <message>
      <source>a {lab} of</source>
      <translation>{lab}</translation>
    </message>
    <message>
      <source>{file}: {where} must be a positive number, not {value}</source>
      <translation>{file}：{where} 必须是正数，不能是 {value}</translation>
    </message>
    <message>
      <source>{file}: must describe exactly the labs {labs}</source>
      <translation>{file}：必须恰好描述这些化验：{labs}</translation>
    </message>
    <message>
      <source>{lab} is not a lab DoseDesk knows; use one of: {labs}</source>
      <translation>{lab} 不是 DoseDesk 认识的化验；请使用以下之一：{labs}</translation>
    </message>
    <message>
      <source>{unit} is not a unit DoseDesk accepts for {lab}; use one of: {units}</source>
      <translation>{unit} 不是 DoseDesk 接受的{lab}单位；请使用以下之一：{units}</translation>
    </message>
    <message>
      <source>{what} {value} {unit} is not a plausible value; check the value and its unit</source>
      <translation>{what} {value} {unit} 不是合理的数值；请核对数值及其单位</translation>
    </message>
    <message>
      <source>{what} {value} {unit} is impossible: it cannot be negative</source>
      <translation>{what} {value} {unit} 不可能：不能为负数</translation>
    </message>
    <message>
      <source>{what} {value} {unit} is impossible (above {most}); check the value and its unit</source>
      <translation>{what} {value} {unit} 不可能（高于 {most}）；请核对数值及其单位</translation>
    </message>
    <message>
      <source>{file}: {where} is not a number: {value}</source>
      <translation>{file}：{where} 不是数字：{value}</translation>
    </message>
    <message>
      <source>{file}: the SI unit of {family} must have factor 1</source>
      <translation>{file}：{family} 的国际单位换算系数必须为 1</translation>
    </message>
    <message>
      <source>the normal range of {lab} is upside down: LLN {lln} is not below ULN {uln} {unit}</source>
      <translation>{lab}的正常值范围颠倒了：LLN {lln} 不低于 ULN {uln} {unit}</translation>
    </message>
    <message>
      <source>{file}: unit {unit} is listed twice with different factors</source>
      <translation>{file}：单位 {unit} 列出了两次，换算系数不同</translation>
    </message>
    <message>
      <source>{toxicity} is neither a CTCAE v5.0 term nor one of protocol {protocol}'s toxicities ({toxicities}).</source>
      <translation>{toxicity} 既不是 CTCAE v5.0 术语，也不是方案 {protocol} 的毒性（{toxicities}）。</translation>
    </message>
    <message>
      <source>{toxicity} grade {grade}</source>
      <translation>{toxicity} {grade} 级</translation>
    </message>
    <message>
      <source>hold until resolved (grade 0)</source>
      <translation>暂停给药直至缓解（0 级）</translation>
    </message>
    <message>
      <source>hold until grade ≤ {grade}</source>
      <translation>暂停给药直至 ≤ {grade} 级</translation>
    </message>
    <message>
      <source>{subject}: discontinue treatment.</source>
      <translation>{subject}：终止治疗。</translation>
    </message>
    <message>
      <source>{subject}: the rule reduces one level because it has occurred before (occurrence {occurrence}), but {level} is already the lowest level and a reduction below the lowest level means discontinuation: discontinue treatment.</source>
      <translation>{subject}：因为此前已发生过（第 {occurrence} 次），规则要求降低一个剂量水平，但 {level} 已是最低剂量水平，低于最低剂量水平即须终止治疗：终止治疗。</translation>
    </message>
    <message>
      <source>{subject}: the rule reduces one level, but {level} is already the lowest level and a reduction below the lowest level means discontinuation: discontinue treatment.</source>
      <translation>{subject}：规则要求降低一个剂量水平，但 {level} 已是最低剂量水平，低于最低剂量水平即须终止治疗：终止治疗。</translation>
    </message>
    <message>
      <source>{subject}: {hold}, then resume one level lower at {lower} (now {level}) because it has occurred before (occurrence {occurrence}).</source>
      <translation>{subject}：{hold}，然后降低一个剂量水平，按 {lower} 恢复给药（当前 {level}），因为此前已发生过（第 {occurrence} 次）。</translation>
    </message>
    <message>
      <source>{subject}: {hold}, then resume one level lower at {lower} (now {level}).</source>
      <translation>{subject}：{hold}，然后降低一个剂量水平，按 {lower} 恢复给药（当前 {level}）。</translation>
    </message>
    <message>
      <source>{subject}: {hold}, then resume at the same level, {level}.</source>
      <translation>{subject}：{hold}，然后按原剂量水平 {level} 恢复给药。</translation>
    </message>
    <message>
      <source>{subject}: CTCAE grade 5 is death related to the adverse event; treatment ends. No rule of protocol {protocol} covers it.</source>
      <translation>{subject}：CTCAE 5 级为与不良事件相关的死亡；治疗结束。方案 {protocol} 没有涵盖此情况的规则。</translation>
    </message>
    <message>
      <source>{subject}: no rule of protocol {protocol} calls for a change; continue at {level}.</source>
      <translation>{subject}：方案 {protocol} 没有要求调整的规则；按 {level} 继续给药。</translation>
    </message>
    <message>
      <source>{subject}: {reason}</source>
      <translation>{subject}：{reason}</translation>
    </message>
    <message>
      <source>Treatment held: {subject}</source>
      <translation>暂停给药：{subject}</translation>
    </message>
    <message>
      <source>Dose level reduced: {why}</source>
      <translation>剂量水平已降低：{why}</translation>
    </message>
    <message>
      <source>{refusal} Did you mean: {terms}?</source>
      <translation>{refusal}您是否要找：{terms}？</translation>
    </message>
    <message>
      <source>{level} is not a dose level of protocol {protocol} (its levels are {levels})</source>
      <translation>{level} 不是方案 {protocol} 的剂量水平（其剂量水平为 {levels}）</translation>
    </message>
    <message>
      <source>name the toxicity: a CTCAE term or one of the protocol's toxicities</source>
      <translation>请填写毒性：CTCAE 术语或方案中的毒性之一</translation>
    </message>
    <message>
      <source>{toxicity} is not a CTCAE v5.0 term: a term is much shorter.</source>
      <translation>{toxicity} 不是 CTCAE v5.0 术语：术语要短得多。</translation>
    </message>
    <message>
      <source>the occurrence must be 1 (first time) or more, not {occurrence}</source>
      <translation>发生次数必须为 1（首次）或以上，不能是 {occurrence}</translation>
    </message>
    <message>
      <source>CTCAE v5.0 has no grade {grade} for {terms}: it grades it {grades} only</source>
      <translation>CTCAE v5.0 中 {terms} 没有 {grade} 级：仅分为 {grades} 级</translation>
    </message>
  </context>
  <context>
    <name>protocol</name>
    <message>
      <source>Febrile neutropenia, any grade: hold until ≤ grade 1, resume one level lower</source>
      <translation>发热性中性粒细胞减少症，任何级别：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Neutropenia grade 3: hold until ≤ grade 1, same level; reduce one level if it recurs</source>
      <translation>中性粒细胞减少症 3 级：暂停给药直至 ≤ 1 级，原剂量水平恢复；复发时降低一个剂量水平</translation>
    </message>
    <message>
      <source>Neutropenia grade 4: hold until ≤ grade 1, resume one level lower</source>
      <translation>中性粒细胞减少症 4 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Thrombocytopenia grade 3: hold until ≤ grade 1, same level; reduce one level if it recurs</source>
      <translation>血小板减少症 3 级：暂停给药直至 ≤ 1 级，原剂量水平恢复；复发时降低一个剂量水平</translation>
    </message>
    <message>
      <source>Thrombocytopenia grade 4: hold until ≤ grade 1, resume one level lower</source>
      <translation>血小板减少症 4 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Anaemia grade 3: hold until ≤ grade 2, same level</source>
      <translation>贫血 3 级：暂停给药直至 ≤ 2 级，原剂量水平恢复</translation>
    </message>
    <message>
      <source>Anaemia grade 4: hold until ≤ grade 2, resume one level lower</source>
      <translation>贫血 4 级：暂停给药直至 ≤ 2 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Stomatitis/mucositis grade 2: hold until ≤ grade 1, same level; reduce one level if it recurs</source>
      <translation>口腔炎/黏膜炎 2 级：暂停给药直至 ≤ 1 级，原剂量水平恢复；复发时降低一个剂量水平</translation>
    </message>
    <message>
      <source>Stomatitis/mucositis grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation>口腔炎/黏膜炎 3 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Stomatitis/mucositis grade 4: discontinue</source>
      <translation>口腔炎/黏膜炎 4 级：终止治疗</translation>
    </message>
    <message>
      <source>Diarrhoea, nausea or vomiting grade 3 despite treatment: hold until ≤ grade 1, resume one level lower</source>
      <translation>经治疗仍为 3 级的腹泻、恶心或呕吐：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Rash grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation>皮疹 3 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Keratitis/ocular surface grade 2: hold until ≤ grade 1, same level</source>
      <translation>角膜炎/眼表毒性 2 级：暂停给药直至 ≤ 1 级，原剂量水平恢复</translation>
    </message>
    <message>
      <source>Keratitis/ocular surface grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation>角膜炎/眼表毒性 3 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Interstitial lung disease/pneumonitis grade 1: hold until resolved, same level</source>
      <translation>间质性肺病/肺炎 1 级：暂停给药直至缓解，原剂量水平恢复</translation>
    </message>
    <message>
      <source>Interstitial lung disease/pneumonitis grade ≥ 2: discontinue</source>
      <translation>间质性肺病/肺炎 ≥ 2 级：终止治疗</translation>
    </message>
    <message>
      <source>Infusion-related reaction grade 4: discontinue</source>
      <translation>输液相关反应 4 级：终止治疗</translation>
    </message>
    <message>
      <source>Other non-haematological grade 3: hold until ≤ grade 1, resume one level lower</source>
      <translation>其他非血液学毒性 3 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Non-haematological grade 4: discontinue</source>
      <translation>非血液学毒性 4 级：终止治疗</translation>
    </message>
    <message>
      <source>Advanced (unresectable or metastatic) thymic epithelial tumour confirmed by histology or cytology</source>
      <translation>经组织学或细胞学确诊的晚期（不可切除或转移性）胸腺上皮肿瘤</translation>
    </message>
    <message>
      <source>Progression after at least one line of systemic therapy (chemotherapy or an immune checkpoint inhibitor)</source>
      <translation>至少一线系统治疗（化疗或免疫检查点抑制剂）后进展</translation>
    </message>
    <message>
      <source>At least one measurable lesion by RECIST v1.1</source>
      <translation>根据 RECIST v1.1 至少有一个可测量病灶</translation>
    </message>
    <message>
      <source>No central nervous system metastases, or brain metastases stable after treatment (no symptoms, off steroids for at least 4 weeks)</source>
      <translation>无中枢神经系统转移，或脑转移经治疗后稳定（无症状且停用激素至少 4 周）</translation>
    </message>
    <message>
      <source>Aged 18 years or over on the day of consent, male or female</source>
      <translation>签署知情同意当日年满 18 岁，男女不限</translation>
    </message>
    <message>
      <source>ECOG performance status 0–1</source>
      <translation>ECOG 体能状态评分 0–1</translation>
    </message>
    <message>
      <source>Life expectancy of at least 12 weeks</source>
      <translation>预期生存期至少 12 周</translation>
    </message>
    <message>
      <source>Adequate organ function, by laboratory tests within 14 days before the first dose</source>
      <translation>器官功能良好，以首次给药前 14 天内的实验室检查确认</translation>
    </message>
    <message>
      <source>Neutrophils ≥ 1.5 ×10⁹/L</source>
      <translation>中性粒细胞 ≥ 1.5 ×10⁹/L</translation>
    </message>
    <message>
      <source>Platelets ≥ 100 ×10⁹/L</source>
      <translation>血小板 ≥ 100 ×10⁹/L</translation>
    </message>
    <message>
      <source>Haemoglobin &gt; 90 g/L</source>
      <translation>血红蛋白 &gt; 90 g/L</translation>
    </message>
    <message>
      <source>Serum creatinine ≤ 1.5 × ULN or creatinine clearance (Cockcroft–Gault) ≥ 50 mL/min</source>
      <translation>血清肌酐 ≤ 1.5 × ULN 或肌酐清除率（Cockcroft–Gault）≥ 50 mL/min</translation>
    </message>
    <message>
      <source>Urine protein &lt; 2+ on a dipstick, or 24-hour urine protein &lt; 1.0 g</source>
      <translation>尿蛋白试纸 &lt; 2+，或 24 小时尿蛋白定量 &lt; 1.0 g</translation>
    </message>
    <message>
      <source>AST ≤ 3 × ULN (≤ 5 × ULN with liver metastases)</source>
      <translation>AST ≤ 3 × ULN（有肝转移者 ≤ 5 × ULN）</translation>
    </message>
    <message>
      <source>ALT ≤ 3 × ULN (≤ 5 × ULN with liver metastases)</source>
      <translation>ALT ≤ 3 × ULN（有肝转移者 ≤ 5 × ULN）</translation>
    </message>
    <message>
      <source>Total bilirubin ≤ 1.5 × ULN (≤ 3 × ULN with liver metastases)</source>
      <translation>总胆红素 ≤ 1.5 × ULN（有肝转移者 ≤ 3 × ULN）</translation>
    </message>
    <message>
      <source>Serum albumin ≥ 28 g/L</source>
      <translation>血清白蛋白 ≥ 28 g/L</translation>
    </message>
    <message>
      <source>INR or APTT ≤ 1.5 × ULN</source>
      <translation>INR 或 APTT ≤ 1.5 × ULN</translation>
    </message>
    <message>
      <source>Left ventricular ejection fraction (LVEF) ≥ 50 %</source>
      <translation>左心室射血分数（LVEF）≥ 50 %</translation>
    </message>
    <message>
      <source>Informed consent understood and signed voluntarily before any study evaluation</source>
      <translation>在任何研究评估前理解并自愿签署知情同意书</translation>
    </message>
    <message>
      <source>A woman of childbearing potential: a negative pregnancy test within 3 days before the first dose, contraception and no breastfeeding during treatment</source>
      <translation>有生育能力的女性：首次给药前 3 天内妊娠试验阴性，治疗期间避孕且不哺乳</translation>
    </message>
    <message>
      <source>Negative urine or serum pregnancy test within 3 days before the first dose (a serum result prevails over a urine one not confirmed negative)</source>
      <translation>首次给药前 3 天内尿或血清妊娠试验阴性（尿妊娠试验不能确认阴性时，以血清结果为准）</translation>
    </message>
    <message>
      <source>Agrees to use contraception and not to breastfeed during treatment</source>
      <translation>同意治疗期间避孕且不哺乳</translation>
    </message>
    <message>
      <source>A man: agrees to use contraception during treatment</source>
      <translation>男性：同意治疗期间避孕</translation>
    </message>
    <message>
      <source>Previous treatment with sacituzumab tirumotecan</source>
      <translation>既往接受过芦康沙妥珠单抗治疗</translation>
    </message>
    <message>
      <source>Any previous drug targeting topoisomerase I, including an antibody–drug conjugate (ADC)</source>
      <translation>既往接受过任何靶向拓扑异构酶 I 的药物，包括抗体偶联药物（ADC）</translation>
    </message>
    <message>
      <source>Grade 3–4 interstitial lung disease</source>
      <translation>3–4 级间质性肺病</translation>
    </message>
    <message>
      <source>Known meningeal, brain stem or spinal cord metastases or cord compression, or active or untreated brain metastases (treated brain metastases are allowed when stable for 4 weeks and off steroids and anticonvulsants for 14 days before the first dose)</source>
      <translation>已知脑膜、脑干或脊髓转移或脊髓压迫，或活动性或未经局部治疗的脑转移（经治疗的脑转移在首次给药前稳定至少 4 周且停用激素和抗惊厥药至少 14 天者可入组）</translation>
    </message>
    <message>
      <source>Another malignancy, unless in complete remission for 5 years or more and needing no treatment during the study (non-melanoma skin cancer and carcinoma in situ excepted)</source>
      <translation>既往其他恶性肿瘤，除非已完全缓解 5 年或以上且研究期间无需治疗（非黑色素瘤皮肤癌和原位癌除外）</translation>
    </message>
    <message>
      <source>Myocardial infarction or uncontrolled arrhythmia within 6 months before the first dose (including QTcF ≥ 450 ms in men, ≥ 470 ms in women), NYHA class III–IV heart failure, or LVEF &lt; 50 %</source>
      <translation>首次给药前 6 个月内心肌梗死或未控制的心律失常（包括男性 QTcF ≥ 450 ms、女性 ≥ 470 ms），NYHA III–IV 级心功能不全，或 LVEF &lt; 50 %</translation>
    </message>
    <message>
      <source>QTcF ≥ 450 ms (men) or ≥ 470 ms (women)</source>
      <translation>QTcF ≥ 450 ms（男性）或 ≥ 470 ms（女性）</translation>
    </message>
    <message>
      <source>Myocardial infarction or uncontrolled arrhythmia within 6 months before the first dose, or NYHA class III–IV heart failure</source>
      <translation>首次给药前 6 个月内心肌梗死或未控制的心律失常，或 NYHA III–IV 级心功能不全</translation>
    </message>
    <message>
      <source>Uncontrolled pleural effusion, pericardial effusion or ascites needing repeated drainage (small effusions without symptoms are allowed)</source>
      <translation>需反复引流的未控制的胸腔积液、心包积液或腹水（无症状的少量积液者可入组）</translation>
    </message>
    <message>
      <source>Active chronic inflammatory bowel disease, gastrointestinal obstruction, severe ulcer, gastrointestinal perforation, abdominal abscess or acute gastrointestinal bleeding</source>
      <translation>活动性慢性炎症性肠病、胃肠道梗阻、严重溃疡、胃肠道穿孔、腹腔脓肿或急性胃肠道出血</translation>
    </message>
    <message>
      <source>Active hepatitis B or C, tuberculosis, syphilis or another serious infection poorly controlled</source>
      <translation>活动性乙型或丙型肝炎、结核、梅毒或其他控制不佳的严重感染</translation>
    </message>
    <message>
      <source>HIV positive or AIDS</source>
      <translation>HIV 阳性或获得性免疫缺陷综合征（AIDS）</translation>
    </message>
    <message>
      <source>Known allergy to the study drug or any of its components (including polysorbate 20), or severe hypersensitivity (CTCAE grade ≥ 3) to other monoclonal antibodies</source>
      <translation>已知对研究药物或其任何成分（包括聚山梨酯 20）过敏，或对其他单克隆抗体有严重超敏反应史（CTCAE ≥ 3 级）</translation>
    </message>
    <message>
      <source>Long-term systemic corticosteroids above 10 mg prednisone a day (or equivalent) or any immunosuppressive therapy before the first dose (inhaled, topical or local steroids and premedication are allowed)</source>
      <translation>首次给药前正在长期接受每日超过 10 mg 泼尼松（或等效剂量）的全身糖皮质激素或任何免疫抑制治疗（吸入、局部或局部注射激素及预防用药除外）</translation>
    </message>
    <message>
      <source>Known hereditary bleeding disorder or coagulation disorder</source>
      <translation>已知遗传性出血倾向疾病或凝血功能障碍</translation>
    </message>
    <message>
      <source>Pregnant or breastfeeding</source>
      <translation>妊娠或哺乳期</translation>
    </message>
    <message>
      <source>Rapid deterioration during screening, such as a serious change in physical state</source>
      <translation>筛选期间病情迅速恶化，如身体状况发生严重变化</translation>
    </message>
    <message>
      <source>Judged by the investigator unable to complete the study medically, psychologically or physically, or to understand the patient information</source>
      <translation>研究者认为受试者在医学、心理或身体上无法完成研究，或无法理解受试者须知</translation>
    </message>
    <message>
      <source>A live or attenuated vaccine within 28 days before the first dose, or one planned during the study (inactivated seasonal influenza vaccines are allowed)</source>
      <translation>首次给药前 28 天内接种活疫苗或减毒疫苗，或计划在研究期间接种（允许接种季节性流感灭活疫苗）</translation>
    </message>
    <message>
      <source>A live or attenuated vaccine within 28 days before the first dose</source>
      <translation>首次给药前 28 天内接种活疫苗或减毒疫苗</translation>
    </message>
    <message>
      <source>A live or attenuated vaccine planned during the study</source>
      <translation>计划在研究期间接种活疫苗或减毒疫苗</translation>
    </message>
    <message>
      <source>Dose = dose level × this visit's weight. The volume to draw is that dose ÷ 20 mg/mL, rounded half up to the nearest 0.1 mL; the final dose is the rounded volume × 20 mg/mL. Vials = final dose ÷ vial strength, rounded up; the dose is never rounded to whole vials.</source>
      <translation>剂量 = 剂量水平 × 本次访视体重。抽取量 = 该剂量 ÷ 20 mg/mL，四舍五入到最接近的 0.1 mL；最终剂量 = 取整后的体积 × 20 mg/mL。药瓶数 = 最终剂量 ÷ 每瓶规格，向上取整；剂量从不按整瓶取整。</translation>
    </message>
    <message>
      <source>Febrile neutropenia: withhold until resolved, resume one level lower</source>
      <translation>发热性中性粒细胞减少症：暂停给药直至缓解，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Neutropenia grade 4: withhold until ≤ grade 1, resume one level lower</source>
      <translation>中性粒细胞减少症 4 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Neutropenia grade 3: withhold until ≤ grade 1, same level; reduce if it recurs</source>
      <translation>中性粒细胞减少症 3 级：暂停给药直至 ≤ 1 级，原剂量水平恢复；复发时减量</translation>
    </message>
    <message>
      <source>Thrombocytopenia grade 3–4: withhold until ≤ grade 1, same level (reduce one level if recovery took 2–3 weeks)</source>
      <translation>血小板减少症 3–4 级：暂停给药直至 ≤ 1 级，原剂量水平恢复（如恢复用了 2–3 周，降低一个剂量水平）</translation>
    </message>
    <message>
      <source>Anaemia grade 3–4: withhold until ≤ grade 1, same level (reduce one level if recovery took 2–3 weeks)</source>
      <translation>贫血 3–4 级：暂停给药直至 ≤ 1 级，原剂量水平恢复（如恢复用了 2–3 周，降低一个剂量水平）</translation>
    </message>
    <message>
      <source>Diarrhoea grade 3–4: withhold until ≤ grade 1, resume one level lower</source>
      <translation>腹泻 3–4 级：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Nausea or vomiting grade 3–4 despite treatment: withhold until ≤ grade 1, resume one level lower</source>
      <translation>经治疗仍为 3–4 级的恶心或呕吐：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Life-threatening infusion reaction: discontinue</source>
      <translation>危及生命的输液反应：终止治疗</translation>
    </message>
    <message>
      <source>Non-haematological grade 4 (any duration): withhold until ≤ grade 1, resume one level lower</source>
      <translation>非血液学毒性 4 级（不论持续时间）：暂停给药直至 ≤ 1 级，降低一个剂量水平恢复给药</translation>
    </message>
    <message>
      <source>Dose = dose level × this visit's weight. The volume to draw is that dose ÷ 10 mg/mL, rounded half up to the nearest 0.1 mL; the final dose is the rounded volume × 10 mg/mL. Vials = final dose ÷ vial strength, rounded up; the dose is never rounded to whole vials.</source>
      <translation>剂量 = 剂量水平 × 本次访视体重。抽取量 = 该剂量 ÷ 10 mg/mL，四舍五入到最接近的 0.1 mL；最终剂量 = 取整后的体积 × 10 mg/mL。药瓶数 = 最终剂量 ÷ 每瓶规格，向上取整；剂量从不按整瓶取整。</translation>
    </message>
  </context>
</TS>
