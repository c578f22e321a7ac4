/**
 * Hand-written lexical cue groups, added as extra features ("cue:gas") next to the n-grams.
 * Six hundred messages cannot teach that 煤气味, 燃气 and "gas smell" mean the same thing;
 * a cue group says so once, and the model still learns how much each cue is worth per kind.
 */

const groups: Record<string, RegExp> = {
  danger:
    /危险|护栏|护拦|栏杆|防护|井盖|出事|出人命|吓人|吓死|万一|隐患|警示|遮拦|没有?护栏|提心吊胆|太悬|怕.{0,6}(掉|倒|塌|砸|淹|着|中毒|滑坡|出)|danger/i,
  fire: /着火|起火|失火|火苗|冒烟|黑烟|烧荒|山火|火灾|烟头|灭火|易燃|汽油|鞭炮|炸药|fire|smoke/i,
  gas: /煤气味|燃气|漏气|冒气|液化气|天然气|中毒|一氧化碳|gas/i,
  live_wire: /冒火花|打火|火花|漏电|带电|电线.{0,6}(耷拉|掉|断|露|垂|压|晃)|高压线|私拉|电网|spark/i,
  collapse: /塌|裂.{0,2}缝|裂逢|裂纹|歪|倒下来|往下掉|砸|滑坡|泥石流|落石|鼓出|掏空|烂尾|collapse|crack/i,
  water_danger: /深坑|深水|大坑|水坑|水塘|池塘|冰薄|掉进|淹|溺|游泳|汛期|洪水|漫过|涨水|水涨|flood|pit/i,
  illegal: /偷着|偷偷|半夜|非法|私自|违规|乱接|挖沙|挖砂|取土|挖土|废料|排到河|往河里|病死|illegal/i,
  broken:
    /坏|不亮|不响|不热|不转|不通电|不上水|不出水|不出热水|打不着|不着了|漏水|漏雨|渗水|滴水|堵|跳闸|跳匝|停水|停电|没电|没水|没信号|冻住|冻裂|冻坏|爆了|断了|故障|broken|leak|not working|out for|(is|are) out\b|(is|are|been) down\b|jammed|blocked|flicker|keeps? (dropping|tripping|cutting)|fell over|fallen (over|down)|loose|squeak|won't (close|open|start|turn|work|drain|flush)|doesn't work|isn't (working|heating)|not heating|no signal|dripping|drains? (really )?slowly/i,
  fix: /修|换一|补补|砌|填一填|疏通|抽了|加固|硬化|师傅|电工|fix|repair|replace|needs? (putting|relaying|welding|changing)|change the bulb|be checked/i,
  conflict:
    /不给|不还|不认|不承认|不承任|不赔|不让|不管|不养|不出钱|不退|欠|占了|占我|占着|霸占|吵|骂|打架|打起来|闹|争|调解|评理|说不通|不听|欺负|赖着|偏心|赡养|工钱|工前|工资|彩礼|地界|界桩|界石|refuse|won't|hasn't paid|arguing/i,
  neighbour:
    /邻居|隔壁|隔避|对门|前院|后院|后邻|他家|他们家|兄弟|哥哥|弟弟|姐姐|嫂子|儿媳|儿子|老板|包工头|neighbou?r|brother|contractor/i,
  help: /帮|捎|陪|代办|代领|代交|代取|带点|代点|搭把手|人手|搬不动|扛不动|背不动|不会弄|不会用|不识字|看不懂|够不着|接一下|送到|照看|托人|托一下|help|hand|someone|take my/i,
  elder:
    /老人|老伴|老两口|老爷子|老太太|老汉|奶奶|爷爷|婆婆|我妈|我爸|俺娘|俺爹|俺妈|老母亲|孤寡|五保|grandma|grandpa|mum|dad|mother|father/i,
  say_things:
    /说事|说是日|当面|面对面|见一面|书记|支书|唠唠|说道说道|掰扯|电话里说不|不方便在群里|in person|say-things|residents' day|secretary/i,
  proposal:
    /建议|提议|建义|提意|提个议|提个想法|说个想法|商量|议一议|投票|表决|村民大会|代表会|村规|全村|集体出|集资|每户出|每家出|大伙|大家看|大家觉得|suggest|propos|vote|discuss/i,
  question:
    /吗|咋|怎么|如何|多少|哪里|在哪|去哪|找谁|啥时候|什么时候|几年|几号|是不是|有没有|要不要|还有没|能不能.{0,8}(报|领|办|交|申请|享受)|[?？]|请问|想问|咨询|啥叫|归哪|哪个组|网格员|几天能|多久能|到哪一步|\bhow\b|\bwhat\b|\bwhen\b|\bis my\b|\bcan i\b/i,
  policy:
    /补贴|不贴|补助|低保|低报|低宝|医保|医宝|养老金|养老今|养老钱|养老保险|社保|新农合|合作医疗|报销|政策|审批|审请|户口|身份证|残疾证|证明|材料|手续|津贴|救助|资格|条件|办理|高龄|丧葬|抚恤|分红|备案|上牌|营业执照|房产证|贷款|subsid|insurance|pension|eligible|documents|dibao/i,
  thanks: /谢谢|感谢|多谢|辛苦|修好了|解决了|办好了|弄好了|满意|不用麻烦|没事了|thank/i,
  meta: /忽略|指令|设定|系统提示|管理员|工单|办结|已完成|优先级|机器人|分类|从现在起|你现在|你是谁|你是人|你几岁|提示词|自动回复|ignore|instruction|previous|system prompt|\bbot\b/i,
  greeting:
    /新年好|拜年|快乐|安康|恭喜|祝.{0,4}(健康|如意|快乐)|早上好|晚上好|你好|您好|晚安|吃了没|吃饺子|hello|good morning/i,
  chatter:
    /发错|打错|乱按|按错|点错|不是找你们|测试|谁的号|月亮|天气|加微信|出售|低价|转发|新来的|一起.{0,2}(喝酒|打球|打牌|钓鱼|逛|玩)|高兴|考上|说说话|聊聊天|红包|表情包|砍一刀|真好|真漂亮|真不错|谁要|谁想要|谁想吃|来拿|有要的|自己来摘|一起去|搭个伴|打麻将|喝喜酒|结婚|满月|找到工作|发错群|不算|当我没说|手滑|weather|congratulations|anyone up for|anyone want|meant for|wrong group|never mind|just saying/i,
  // Bringing a matter to say-things day (说事：…, 在说事日说说…): say_things, even when it is put as a question.
  say_topic:
    /^说事[:：\s]|^说事日?我要|(在|到|去|利用)(支部)?说事日.{0,6}(说|提|问|反映|讲|谈)|说事日.{0,3}(说说|提出|反映|问问|讲讲)|at (the )?(next )?(say-things|residents' day)/i,
  // Logistics of the village's own meetings (when, where, who may come): an inquiry about the process.
  meeting_logistics:
    /(说事日|说是日|说事的日子|说事那天|议事会|村民大会).{0,10}(哪天|哪一天|几号|几点|在哪|是啥|干啥|要不要|预约|报名|线上|视频|手机上|代我|代替|在不在|改到|一个月|多久|结果|怎么报)|(哪天|几号|什么时候).{0,6}(说事日|议事会)|啥叫说事|what is the say-things|when is (the )?(next )?(say-things|residents' day)/i,
  urgent_call: /快来|快帮|救命|赶紧|马上|快找|\bnow\b/i,
  // Money owed: a dispute even when it is phrased as "help me get it back".
  money_owed:
    /欠|借.{0,10}(钱|块|万)|借给|借了我|不还|还钱|要不回|要回来|要账|讨薪|工钱|工前|工资|拖欠|没结|不结|不给钱|给了.{0,4}(两千|一半|三千)|扣了|租金.{0,6}(没|未|不)|未付|欠付|赔|担保|跑路|\bowe|\blent\b|borrowed|hasn't paid|won't pay|not paid|been paid|unpaid|wages|making excuses/i,
  // Family and neighbour relations: the other party of a dispute.
  family:
    /儿子|儿媳|媳妇|婆婆|婆家|公公|老公|男人|女婿|闺女|兄弟|我哥|我弟|我姐|我妹|俺哥|俺弟|二叔|叔伯|舅|小叔子|小舅子|妯娌|后妈|后爹|继母|表哥|堂弟|发小|两口子|老两口吵|父母|爸妈|\bsons?\b|husband|wife|in-law|famil/i,
  quarrel:
    /吵|骂|打我|打人|动手|打起来|闹|离婚|不和|处不来|不说话|不管|不养|不认|不承认|推给|推来推去|偏心|赶出|不让|挡了|占|挪了|争议|纠纷|冲突|各执一词|指责|未达成|协商未果|调解|评理|说和|劝劝|做主|说道说道|mediat|argu|fight|quarrel|refuse/i,
  // An opinion or a topic to raise with the branch (say-things), as distinct from a plan (proposal).
  opinion:
    /意见|看法|有话要说|有话想说|有事要说|有几句话|心里有个事|憋|反映|不公|不透明|偏向|说了算|不合理|不服|凭什么|为啥.{0,8}(给了|比|少|多|没)|议题|opinion|concern|complaint|raise|speak at|bring up|unfair|unequal/i,
  plan: /建|修个|修一|办个|搞个|装个|装上|设个|设立|成立|种上|改成|改建|统一|入股|集资|出钱|出工|列支|专项|牵头|投个票|大家议|build|set up|turn the|plant|fund|rota/i,
  // Asking how or when the village's own processes work: an inquiry, not the process itself.
  process:
    /说事日|说是日|说事的日子|议事会|村民代表|代表会|村民大会|调解员|调解协议|司法确认|村务公开|财务公开|公示|投票|表决|流程|报名|预约|组长是谁|联心卡|say-things|residents' day|proposal|mediation|vote/i,
  // Immediate danger to people, the hazard side of the hazard/repair line.
  peril:
    /悬崖|悬空|悬着|掏空|底下.{0,2}空|随时|危房|危墙|危桥|不敢.{0,3}(走|睡|住|过)|直晃|晃得|倾斜|歪着|要倒|压着人|砸着|砸到|砸伤|掉下去|栽进去|掉进去|往下滚|冲走|冲断|人还在|还住着|仍在居住|还在里|贯穿|渗水点|坝|collapsed|downed|hanging|ready to fall|could fall|fall into|huge crack|still live|thin|cracking|flames/i,
  // Damage said to be minor: the repair side of that line.
  minor:
    /不深|不宽|不大|不要紧|不危险|没危险|不影响|看着不|小缝|细缝|细纹|小坑|有空|不整齐|难看|结构.{0,2}(没|好|不)|nothing serious|not deep|small crack|annoying|safe/i,
  // Formal reports (a cadre or accountant writing): 经查, 请安排, 拟.
  formal: /经查|经巡查|经核对|村民.{0,4}反映|本人|拟|提请|请.{0,2}(安排|协助|尽快|核查|联系|调解)|某某|某/,
  ask_help: /协助|代领|代交|代办|需要有人|人手|捎|陪|搭把手|lift|lend a hand|pick up|carry|drive/i,
};

/** Pairs of cues that mean more together than apart (a logistic regression cannot learn "and"). */
const conjunctions: [string, string, string][] = [
  ['process', 'question', 'process_question'],
  ['say_things', 'question', 'say_things_question'],
  ['money_owed', 'help', 'money_help'],
  ['family', 'quarrel', 'family_quarrel'],
  ['opinion', 'plan', 'opinion_plan'],
  ['collapse', 'peril', 'collapse_peril'],
  ['collapse', 'minor', 'collapse_minor'],
  ['broken', 'minor', 'broken_minor'],
];

/** The written rule: a matter explicitly brought to say-things day is say_things, even put as a question. */
export function bringsToSayThings(normalisedText: string): boolean {
  return groups.say_topic!.test(normalisedText);
}

export function cueFeatures(normalisedText: string): string[] {
  const hit = new Set(
    Object.entries(groups)
      .filter(([, re]) => re.test(normalisedText))
      .map(([name]) => name),
  );
  for (const [a, b, name] of conjunctions) if (hit.has(a) && hit.has(b)) hit.add(name);
  return [...hit].map((name) => `cue:${name}`);
}
