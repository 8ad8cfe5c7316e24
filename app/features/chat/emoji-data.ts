/**
 * The emoji the picker offers: about 400 common ones in 8 categories, each with its English and Russian name and
 * a few keywords to search by (`emoji|english name,keywords|русское название,ключевые слова`). Kept here as text,
 * with no package and nothing fetched, and parsed once.
 */

export type EmojiCategory =
  | 'smileys'
  | 'people'
  | 'symbols'
  | 'nature'
  | 'food'
  | 'activities'
  | 'travel'
  | 'objects'

export const EMOJI_TEXT: Readonly<Record<EmojiCategory, string>> = {
  smileys: `
😀|grinning face,smile,happy|широкая улыбка,улыбка,радость
😃|smiling face with big eyes,smile,happy|улыбка с большими глазами,радость
😄|smiling face with smiling eyes,smile,laugh|улыбка до ушей,смех,радость
😁|beaming face,grin,smile|сияющая улыбка,ухмылка
😆|laughing,lol,haha|хохот,смех,ха-ха
😅|sweat smile,relief,phew|улыбка с потом,облегчение,фух
🤣|rolling on the floor laughing,rofl,lol|катаюсь от смеха,смех,ржу
😂|tears of joy,laugh,lol|слёзы радости,смех,ржу
🙂|slightly smiling face,smile|лёгкая улыбка,улыбка
🙃|upside-down face,silly,irony|перевёрнутое лицо,ирония
😉|winking face,wink|подмигивание,подмигнуть
😊|blushing smile,happy,pleased|смущённая улыбка,радость,румянец
😇|smiling face with halo,angel,innocent|ангел,нимб,невинный
🥰|smiling face with hearts,love,adore|влюблённая улыбка,любовь,обожаю
😍|heart eyes,love,crush|влюблённые глаза,любовь,восторг
🤩|star-struck,wow,excited|звёзды в глазах,восторг,вау
😘|face blowing a kiss,kiss|воздушный поцелуй,поцелуй
😗|kissing face,kiss|поцелуй
😋|yummy,delicious,tasty|вкусно,язык,аппетит
😛|face with tongue,tongue,playful|язык,дразнить
😜|winking face with tongue,joke,crazy|подмигивание с языком,шутка
🤪|zany face,crazy,goofy|безумное лицо,дурачусь
🤑|money-mouth face,money,rich|деньги,богатство
🤗|hugging face,hug,thanks|объятия,обнимаю
🤭|hand over mouth,oops,giggle|ой,хихикать
🤫|shushing face,quiet,secret|тише,секрет,тсс
🤔|thinking face,think,hmm|задумался,думаю,хм
🤐|zipper-mouth face,silent,secret|рот на замке,молчу
🤨|raised eyebrow,skeptical,doubt|бровь,сомнение,скептик
😐|neutral face,meh|нейтральное лицо,равнодушие
😑|expressionless face,blank|без выражения
😶|face without mouth,speechless|без слов,молчание
😏|smirking face,smirk|ухмылка,хитрый
😒|unamused face,bored|недовольство,скука
🙄|rolling eyes,eye roll,whatever|закатить глаза,ну-ну
😬|grimacing face,awkward,oops|гримаса,неловко
😌|relieved face,calm|облегчение,спокойствие
😔|pensive face,sad|задумчивость,грусть
😪|sleepy face,tired|сонный,устал
😴|sleeping face,sleep,zzz|сон,сплю
😷|face with medical mask,sick,mask|маска,болею
🤒|face with thermometer,ill,fever|градусник,температура,болею
🤢|nauseated face,sick,gross|тошнит,фу
🤧|sneezing face,sneeze,cold|чихаю,простуда
🥵|hot face,heat,hot|жарко,жара
🥶|cold face,freezing,cold|холодно,мороз
🤯|exploding head,mind blown,shock|взрыв мозга,шок
🤠|cowboy hat face,cowboy|ковбой
🥳|partying face,party,celebrate|праздник,вечеринка,ура
😎|smiling face with sunglasses,cool|крутой,очки
🤓|nerd face,geek|ботаник,умник
🧐|face with monocle,inspect|монокль,изучаю
😕|confused face,confused|растерянность,непонятно
😟|worried face,worried|беспокойство,волнуюсь
🙁|slightly frowning face,sad|грусть,печаль
😮|face with open mouth,wow,surprise|удивление,ого
😯|hushed face,surprised|изумление
😲|astonished face,shocked|потрясение,шок
😳|flushed face,embarrassed|смущение,покраснел
🥺|pleading face,please,puppy eyes|умоляю,пожалуйста
😢|crying face,sad,tear|слеза,плачу,грусть
😭|loudly crying face,sob,cry|рыдаю,плач
😱|face screaming in fear,scream,horror|ужас,крик
😖|confounded face,frustrated|досада
😣|persevering face,struggle|терплю
😞|disappointed face,disappointed|разочарование
😓|downcast face with sweat,stress|пот,стресс
😩|weary face,tired|изнеможение,устал
😫|tired face,exhausted|измотан,усталость
🥱|yawning face,yawn,bored|зеваю,скучно
😤|face with steam from nose,triumph,angry|пыхчу,негодование
😡|pouting face,angry,rage|злость,гнев
😠|angry face,angry|сердитый,злюсь
🤬|face with symbols on mouth,swear|ругательства,ругаюсь
😈|smiling face with horns,devil|чертёнок,дьявол
💀|skull,dead|череп,умер
💩|pile of poo,poop|какашка
🤡|clown face,clown|клоун
👻|ghost,boo|привидение,призрак
👽|alien,ufo|пришелец,инопланетянин
🤖|robot,bot|робот,бот`,
  people: `
👋|waving hand,hello,hi,bye|машу рукой,привет,пока
🤚|raised back of hand,hand|поднятая рука
✋|raised hand,stop,high five|ладонь,стоп,дай пять
🖐️|hand with fingers splayed,hand|рука с растопыренными пальцами
👌|ok hand,ok,perfect|окей,хорошо,отлично
🤌|pinched fingers,what|щепоть,ну что
🤏|pinching hand,small,little|чуть-чуть,немного
✌️|victory hand,peace,victory|победа,мир
🤞|crossed fingers,luck,hope|скрещённые пальцы,удача,надеюсь
🤟|love-you gesture,love|люблю тебя
🤘|sign of the horns,rock|коза,рок
🤙|call me hand,call|позвони
👈|backhand index pointing left,left|указываю влево,налево
👉|backhand index pointing right,right|указываю вправо,направо
👆|backhand index pointing up,up|указываю вверх
👇|backhand index pointing down,down|указываю вниз
☝️|index pointing up,attention|внимание,палец вверх
👍|thumbs up,like,yes,ok|большой палец вверх,лайк,да,класс
👎|thumbs down,dislike,no|большой палец вниз,дизлайк,нет
✊|raised fist,fist|кулак
👊|oncoming fist,punch,bump|удар кулаком
👏|clapping hands,applause,bravo|аплодисменты,хлопаю,браво
🙌|raising hands,hooray,yay|ура,руки вверх
👐|open hands,hug|раскрытые ладони
🤲|palms up together,please|ладони вместе
🤝|handshake,deal,agreement|рукопожатие,договорились,сделка
🙏|folded hands,please,thank you,pray|спасибо,пожалуйста,молюсь
✍️|writing hand,write|пишу
💅|nail polish,manicure|маникюр,лак
💪|flexed biceps,strong,power|бицепс,сила,сильный
👀|eyes,look,see|глаза,смотрю
👁️|eye,look|глаз
🧠|brain,smart|мозг,умный
👶|baby,child|малыш,ребёнок
🧒|child,kid|ребёнок,дети
👦|boy|мальчик
👧|girl|девочка
👨|man|мужчина
👩|woman|женщина
🧓|older person,elderly|пожилой человек
👴|old man,grandpa|дедушка
👵|old woman,grandma|бабушка
🙋|person raising hand,question,hi|человек с поднятой рукой,вопрос
🙅|person gesturing no,no|нет,запрет
🙆|person gesturing ok,ok|жест окей,согласен
💁|person tipping hand,info|справка,информация
🤷|person shrugging,shrug,dunno|пожимаю плечами,не знаю
🤦|person facepalming,facepalm|рукалицо,фейспалм
🙇|person bowing,sorry,bow|поклон,извините
👨‍💻|man technologist,developer,it|программист,айтишник
👩‍💼|woman office worker,manager|менеджер,офис
🧑‍🔧|mechanic,repair,service|механик,ремонт,сервис
🧑‍🍳|cook,chef|повар
🚶|person walking,walk|пешеход,иду
🏃|person running,run,hurry|бегу,спешу
💃|woman dancing,dance|танцую,танец
👪|family|семья`,
  symbols: `
❤️|red heart,love,like|красное сердце,любовь,сердце
🧡|orange heart|оранжевое сердце
💛|yellow heart|жёлтое сердце
💚|green heart|зелёное сердце
💙|blue heart|синее сердце
💜|purple heart|фиолетовое сердце
🖤|black heart|чёрное сердце
🤍|white heart|белое сердце
🤎|brown heart|коричневое сердце
💔|broken heart,heartbreak|разбитое сердце
❣️|heart exclamation|сердце-восклицание
💕|two hearts,love|два сердца,любовь
💞|revolving hearts|кружащиеся сердца
💓|beating heart|бьющееся сердце
💗|growing heart|растущее сердце
💖|sparkling heart|сверкающее сердце
💘|heart with arrow,cupid|сердце со стрелой,купидон
💝|heart with ribbon,gift|сердце с бантом,подарок
💯|hundred points,100,perfect|сто баллов,идеально
💢|anger symbol,angry|символ злости,гнев
💥|collision,boom|бум,взрыв
💫|dizzy,stars|головокружение
💦|sweat droplets,water|капли,брызги
💬|speech balloon,chat,message|облачко речи,чат,сообщение
💭|thought balloon,think|облачко мысли,мысль
💤|zzz,sleep|храп,сон
✅|check mark button,done,yes|галочка,готово,да
☑️|check box with check,done|отмечено
✔️|check mark,ok|галка
❌|cross mark,no,wrong|крестик,нет,ошибка
❎|cross mark button|крест
❗|exclamation mark,important|восклицательный знак,важно
❓|question mark,question|вопросительный знак,вопрос
‼️|double exclamation mark|два восклицательных знака
⁉️|exclamation question mark|восклицание и вопрос
⚠️|warning,caution|предупреждение,внимание
🚫|prohibited,forbidden,no|запрещено,нельзя
⛔|no entry,stop|вход запрещён,стоп
🔥|fire,hot,lit|огонь,горячо,жара
✨|sparkles,shiny,new|блёстки,искры,новое
⭐|star,favorite|звезда,избранное
🌟|glowing star,shine|сияющая звезда
⚡|high voltage,lightning,fast|молния,быстро
🎉|party popper,congratulations,celebrate|хлопушка,поздравляю,праздник
🎊|confetti ball,party|конфетти
🆗|ok button,ok|кнопка ок
🆕|new button,new|кнопка новое
🆓|free button,free|бесплатно
➕|plus,add|плюс,добавить
➖|minus|минус
➡️|right arrow,next|стрелка вправо,далее
⬅️|left arrow,back|стрелка влево,назад
⬆️|up arrow|стрелка вверх
⬇️|down arrow|стрелка вниз
🔄|counterclockwise arrows,refresh,repeat|обновить,повтор
🔔|bell,notification|колокольчик,уведомление
🔕|bell with slash,mute|без звука
🔒|locked,lock,secure|замок,закрыто
🔓|unlocked,open|открыто
🔑|key,password|ключ,пароль`,
  nature: `
🐶|dog face,dog,puppy|собака,щенок
🐱|cat face,cat,kitten|кошка,кот,котик
🐭|mouse face,mouse|мышь
🐰|rabbit face,bunny|кролик,зайка
🦊|fox|лиса
🐻|bear|медведь
🐼|panda|панда
🐨|koala|коала
🐯|tiger face,tiger|тигр
🦁|lion|лев
🐮|cow face,cow|корова
🐷|pig face,pig|свинья
🐸|frog|лягушка
🐵|monkey face,monkey|обезьяна
🙈|see-no-evil monkey,oops,shy|не вижу,обезьянка,стыдно
🙉|hear-no-evil monkey|не слышу
🙊|speak-no-evil monkey|не скажу
🐔|chicken|курица
🐧|penguin|пингвин
🐦|bird|птица
🦄|unicorn,magic|единорог
🐝|honeybee,bee|пчела
🦋|butterfly|бабочка
🐢|turtle,slow|черепаха,медленно
🐍|snake|змея
🐙|octopus|осьминог
🐟|fish|рыба
🐳|spouting whale,whale|кит
🌸|cherry blossom,flower,spring|сакура,цветок,весна
🌹|rose,flower|роза
🌻|sunflower|подсолнух
🌷|tulip|тюльпан
💐|bouquet,flowers|букет,цветы
🌱|seedling,grow|росток
🌲|evergreen tree,tree|ель,дерево
🍀|four leaf clover,luck|клевер,удача
🍁|maple leaf,autumn|кленовый лист,осень
☀️|sun,sunny,weather|солнце,солнечно
🌤️|sun behind small cloud,weather|переменная облачность,погода
☁️|cloud,cloudy|облако,облачно
🌧️|cloud with rain,rain|дождь
⛄|snowman,winter|снеговик,зима
❄️|snowflake,snow,cold|снежинка,снег,холод
🌈|rainbow|радуга
🌙|crescent moon,night|месяц,луна,ночь
🌍|globe showing europe-africa,world,earth|земной шар,мир,земля
🌊|water wave,sea|волна,море`,
  food: `
🍏|green apple|зелёное яблоко
🍎|red apple,apple|красное яблоко,яблоко
🍐|pear|груша
🍊|tangerine,orange|мандарин,апельсин
🍋|lemon|лимон
🍌|banana|банан
🍉|watermelon|арбуз
🍇|grapes|виноград
🍓|strawberry|клубника
🍒|cherries|вишня,черешня
🍑|peach|персик
🍍|pineapple|ананас
🥝|kiwi fruit|киви
🍅|tomato|помидор
🥑|avocado|авокадо
🥦|broccoli|брокколи
🥕|carrot|морковь
🌽|ear of corn,corn|кукуруза
🥔|potato|картофель,картошка
🍞|bread|хлеб
🥐|croissant|круассан
🧀|cheese wedge,cheese|сыр
🥚|egg|яйцо
🍳|cooking,fried egg|яичница
🥞|pancakes|блины,оладьи
🥓|bacon|бекон
🍗|poultry leg,chicken|куриная ножка
🍔|hamburger,burger|гамбургер,бургер
🍟|french fries,fries|картошка фри
🍕|pizza|пицца
🌭|hot dog|хот-дог
🌮|taco|тако
🍝|spaghetti,pasta|спагетти,паста
🍜|steaming bowl,noodles,ramen|лапша,рамен
🍣|sushi|суши
🍤|fried shrimp|креветка
🍦|soft ice cream,ice cream|мороженое
🍩|doughnut,donut|пончик
🍪|cookie|печенье
🎂|birthday cake,birthday|торт,день рождения
🍰|shortcake,cake|пирожное,торт
🍫|chocolate bar,chocolate|шоколад
🍬|candy,sweet|конфета
☕|hot beverage,coffee,tea|кофе,чай,горячий напиток
🍵|teacup without handle,tea|чай,пиала
🥤|cup with straw,soda|напиток,газировка
🍺|beer mug,beer|пиво
🍷|wine glass,wine|вино
🥂|clinking glasses,cheers,toast|бокалы,тост
🍾|bottle with popping cork,champagne|шампанское`,
  activities: `
⚽|soccer ball,football|футбол,мяч
🏀|basketball|баскетбол
🏐|volleyball|волейбол
🎾|tennis|теннис
🏒|ice hockey|хоккей
🏓|ping pong|настольный теннис
⛳|flag in hole,golf|гольф
🎣|fishing pole,fishing|рыбалка
🎿|skis,ski|лыжи
🏆|trophy,win,winner|кубок,победа,приз
🥇|1st place medal,gold,first|золото,первое место
🥈|2nd place medal,silver|серебро,второе место
🥉|3rd place medal,bronze|бронза,третье место
🏅|sports medal,medal|медаль
🎯|direct hit,target,goal|в яблочко,цель,мишень
🎮|video game,game|видеоигра,игра
🎲|game die,dice|игральный кубик,игра
🧩|puzzle piece,puzzle|пазл
🎨|artist palette,art|палитра,искусство
🎬|clapper board,movie|хлопушка кино,кино,фильм
🎤|microphone,sing|микрофон,пою
🎧|headphone,music|наушники,музыка
🎵|musical note,music|нота,музыка
🎸|guitar|гитара
🎁|wrapped gift,gift,present|подарок
🎈|balloon,party|воздушный шар,праздник
🎄|christmas tree,new year|новогодняя ёлка,новый год
🎃|jack-o-lantern,halloween|тыква,хэллоуин`,
  travel: `
🚗|automobile,car|машина,автомобиль
🚕|taxi|такси
🚌|bus|автобус
🚑|ambulance|скорая помощь
🚒|fire engine|пожарная машина
🚚|delivery truck,delivery,shipping|грузовик,доставка
🚛|articulated lorry,truck|фура
🚲|bicycle,bike|велосипед
🛴|kick scooter,scooter|самокат
🏍️|motorcycle|мотоцикл
🚆|train|поезд
🚇|metro,subway|метро
✈️|airplane,flight,travel|самолёт,полёт,путешествие
🚀|rocket,launch,fast|ракета,запуск,быстро
🚢|ship|корабль
⛽|fuel pump,gas|заправка,бензин
🚦|traffic light|светофор
🗺️|world map,map|карта мира,карта
📍|round pushpin,location,pin|метка,место,адрес
🏠|house,home|дом
🏢|office building,office|офис,здание
🏪|convenience store,shop|магазин
🏬|department store,mall|торговый центр
🏥|hospital|больница
🏦|bank|банк
🏨|hotel|гостиница,отель
🏫|school|школа
🏖️|beach with umbrella,beach,vacation|пляж,отпуск
🏔️|snow-capped mountain,mountain|горы
🌆|cityscape at dusk,city|город
⏰|alarm clock,time|будильник,время
⌛|hourglass done,wait,time|песочные часы,ждать
⏳|hourglass not done,waiting|ожидание
📅|calendar,date|календарь,дата
🕐|one o’clock,time|час,время`,
  objects: `
📱|mobile phone,phone,smartphone|мобильный телефон,смартфон
☎️|telephone,call|телефон,звонок
📞|telephone receiver,call|трубка,звонок
💻|laptop,computer|ноутбук,компьютер
🖥️|desktop computer,computer|компьютер,монитор
⌨️|keyboard|клавиатура
🖨️|printer,print|принтер,печать
📷|camera,photo|фотоаппарат,фото
📸|camera with flash,photo|фото со вспышкой
🎥|movie camera,video|видеокамера,видео
📺|television,tv|телевизор
🔋|battery|батарея
🔌|electric plug,plug|вилка,розетка
💡|light bulb,idea|лампочка,идея
🔦|flashlight|фонарик
📦|package,box,parcel,delivery|посылка,коробка,доставка
📫|mailbox,mail|почтовый ящик,почта
✉️|envelope,email,letter|конверт,письмо,почта
📧|e-mail,email|электронная почта,имейл
📝|memo,note,write|заметка,записка
📄|page facing up,document|документ,страница
📋|clipboard,list|планшет,список
📌|pushpin,pin|кнопка,закрепить
📎|paperclip,attachment|скрепка,вложение
✂️|scissors,cut|ножницы
🖊️|pen|ручка
✏️|pencil,edit|карандаш,изменить
📁|file folder,folder|папка
📊|bar chart,stats|диаграмма,статистика
📈|chart increasing,growth|рост,график
📉|chart decreasing,decline|падение,спад
🗓️|spiral calendar,schedule|настольный календарь,расписание
🔍|magnifying glass,search|лупа,поиск
🔗|link|ссылка
🛒|shopping cart,cart,buy|корзина,покупка
🛍️|shopping bags,shopping|покупки,пакеты
💳|credit card,card,payment|банковская карта,оплата
💰|money bag,money|мешок денег,деньги
💵|dollar banknote,cash|доллары,наличные
🧾|receipt,check|чек,квитанция
🏷️|label,tag,price|ярлык,ценник,тег
🎫|ticket|билет
🔧|wrench,fix,settings|гаечный ключ,починить,настройки
🔨|hammer,build|молоток
⚙️|gear,settings|шестерёнка,настройки
🧰|toolbox,tools|ящик с инструментами,инструменты
💊|pill,medicine|таблетка,лекарство
🩹|adhesive bandage|пластырь
🧸|teddy bear,toy|плюшевый мишка,игрушка
👕|t-shirt,clothes|футболка,одежда
👗|dress|платье
👟|running shoe,sneaker|кроссовки
👜|handbag,bag|сумка
👓|glasses|очки
💍|ring,wedding|кольцо,свадьба
⌚|watch|наручные часы,часы
🗑️|wastebasket,trash,delete|мусорная корзина,мусор,удалить`,
}
