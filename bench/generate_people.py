"""A second synthetic benchmark: US and UK lead lists written apart from bench/generate.py and the matcher.

The first generator (Italian, Bulgarian, Indonesian and UK lists) grew up beside the matcher; this one
shares only its output format, so the matcher is judged on lists it was not written for. Five lists,
each with its own habits:

    hubspot_contacts.csv    a HubSpot contact export (UTF-8, comma): people of both countries, a few firms
    marketing_list.csv      a purchased consumer list (UTF-8, comma, snake_case, MM/DD/YYYY, USPS capitals)
    uk_register.csv         a public register (cp1252, semicolon): "SURNAME, Forename", DD/MM/YYYY
    business_directory.csv  a directory of firms (UTF-8, tab): no contact names, sole traders by trade name
    webinar_signups.jsonl   a web form: full names as typed, keys left out

About 85% of the entities are people (US and UK), 15% firms without a contact name. Each appears 1-4
times (about 1.5 rows each), its rows differing the way real lists do: nicknames, a middle initial glued
to the first name, married names, moves, street-type abbreviations, phone formats, work or personal
contacts, dates of birth missing, swapped or a digit off. Traps are different entities that look alike:
households (a "Jr." among them), namesakes, colleagues sharing a switchboard, firms sharing a building.
About 2% of the rows are junk.

    _meta/truth.csv      source_file, source_row (1-based data row, or JSON line), person_id (P... an
                         entity, J... a junk row of its own)
    _meta/sources.yaml   each file's source, kind and country, for `leadsweep run --sources`
    _meta/entities.csv   person_id, kind (person, firm, sole_trader), country
    _meta/traps.csv      trap (household, namesake, colleagues, building), group, person_id

    python -m bench.generate_people OUT --rows N [--seed S]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import time
from bisect import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

import yaml

# ---------------------------------------------------------------- pools
# first names, most common first: "Name:Nickname,Nickname"
MALE_NAMES = """
James:Jim,Jimmy,Jamie John:Jack,Johnny Robert:Bob,Rob,Bobby Michael:Mike,Mick William:Bill,Will,Billy
David:Dave Richard:Rick,Rich,Dick Joseph:Joe,Joey Thomas:Tom,Tommy Charles:Charlie,Chuck Christopher:Chris
Daniel:Dan,Danny Matthew:Matt Anthony:Tony Mark Donald:Don Steven:Steve Paul Andrew:Andy,Drew Joshua:Josh
Kenneth:Ken,Kenny Kevin Brian George Timothy:Tim Ronald:Ron,Ronnie Edward:Ed,Eddie,Ted Jason Jeffrey:Jeff
Ryan Jacob:Jake Gary Nicholas:Nick Eric Jonathan:Jon Stephen:Steve Larry Justin Scott Brandon
Benjamin:Ben Samuel:Sam Gregory:Greg Alexander:Alex Frank Patrick:Pat Raymond:Ray Jack Dennis Jerry Tyler
Aaron Jose Adam Nathan:Nate Henry:Harry,Hank Douglas:Doug Zachary:Zach Peter:Pete Kyle Ethan Walter:Walt
Noah Jeremy Christian Keith Roger Terry Gerald:Jerry Harold:Harry,Hal Sean Austin Carl Arthur:Art
Lawrence:Larry Dylan Jesse Jordan Bryan Bruce Gabriel:Gabe Logan Albert:Al,Bert Alan:Al Juan Wayne Elijah
Randy Roy Vincent:Vince Ralph Eugene:Gene Russell:Russ Mason Philip:Phil Louis:Lou Harry Oliver:Ollie
Charlie Oscar Leo Archie Alfie Freddie Theo Callum Liam Connor Kieran Declan Rhys Owen Gareth Ian Neil
Stuart:Stu Graham Nigel Colin Malcolm Trevor Barry Darren Craig Lee Dean Gavin Martin:Marty Simon
Rajesh:Raj Mohammed:Mo Ahmed Imran Carlos Luis Miguel Luke Marcus Isaac Evan Caleb Hunter Wyatt Luca
Seán Ciarán Hamish Angus Dominic:Dom Toby Rory Jake Max Joel Tristan Reginald:Reg Clive Derek Ross
Bradley:Brad Jamal Tyrone Darnell Andre Marvin Curtis Travis Shane Cody Derrick Leroy Clarence Howard
Frederick:Fred Francis:Frank Stanley:Stan Leonard:Len,Leo Norman:Norm Wesley:Wes Victor:Vic
"""
FEMALE_NAMES = """
Mary:Molly Patricia:Pat,Patty,Trish Jennifer:Jen,Jenny Linda Elizabeth:Liz,Beth,Betty,Lizzie
Barbara:Barb Susan:Sue Jessica:Jess Sarah Karen Lisa Nancy Betty Margaret:Maggie,Peggy,Meg Sandra:Sandy
Ashley Kimberly:Kim Emily:Em Donna Michelle:Shelly Carol Amanda:Mandy Dorothy:Dot,Dottie Melissa:Mel,Missy
Deborah:Deb,Debbie Stephanie:Steph Rebecca:Becky,Becca Sharon Laura Cynthia:Cindy Kathleen:Kathy,Kate Amy
Angela:Angie Shirley Anna Brenda Pamela:Pam Emma Nicole:Nikki Helen Samantha:Sam Katherine:Kate,Kathy,Katie
Christine:Chris,Chrissy Debra:Deb Rachel Carolyn Janet Catherine:Cathy,Kate Maria Heather Diane Ruth Julie
Olivia:Liv Joyce Virginia:Ginny Victoria:Vicky,Tori Kelly Lauren Christina:Tina Joan Evelyn:Evie
Judith:Judy Megan:Meg Andrea Cheryl Hannah Jacqueline:Jackie Martha Gloria Teresa:Terri Ann Sara Madison
Frances:Fran Kathryn:Kate,Kathy Janice Jean Abigail:Abby Alice Sophia:Sophie Grace Denise Amber Doris
Marilyn Danielle:Dani Beverly:Bev Isabella:Bella,Izzy Theresa:Tess Diana Natalie Brittany
Charlotte:Lottie Marie Kayla Alexis Lori Chloe Zoë Renée Siân Niamh Aoife Amelia:Millie Isla Ava Mia Poppy
Lily Freya Jasmine:Jas Ellie Gemma Kirsty Leanne Claire Joanne:Jo Tracey Sally Alison:Ali Gillian:Gill
Jane Lucy Harriet:Hattie Priya Fatima Aisha Sofia Valerie:Val Wendy Yvonne Lorraine Maureen Sheila
Josephine:Jo,Josie Eleanor:Ellie,Nell Florence:Flo Louise:Lou Susannah:Susie Veronica:Ronnie Tamara:Tammy
Latoya Keisha Tanya Crystal Tiffany Brianna Destiny Jade Kerry Hayley Stacey Jodie Carly Becky Rosie
Imogen Philippa:Pippa Bethany:Beth Georgia Holly Katie Molly Phoebe Abbie Megan Erin Morgan Courtney
"""
# surnames in rough order of frequency (US census and ONS lists mixed); weights fall off Zipf-like
SURNAMES = """
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson
Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall
Rivera Campbell Mitchell Carter Roberts Evans Patel Khan Davies Hughes Edwards Wood Turner Phillips Parker
Collins Edwards Stewart Morris Murphy Cook Rogers Morgan Peterson Cooper Reed Bailey Bell Gomez Kelly
Howard Ward Cox Diaz Richardson Watson Brooks Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
Castillo Sanders Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Fisher Henderson
Coleman Simmons Patterson Jordan Reynolds Hamilton Graham Kim Gonzales Alexander Ramos Wallace Griffin
West Cole Hayes Chavez Gibson Bryant Ellis Stevens Murray Ford Marshall Owens McDonald Harrison Ruiz
Kennedy Wells Alvarez Woods Mendoza Castillo Olson Webb Washington Tucker Freeman Burns Henry Vasquez
Snyder Simpson Crawford Jimenez Porter Mason Shaw Gordon Wagner Hunter Romero Hicks Dixon Hunt Palmer
Robertson Black Holmes Stone Meyer Boyd Mills Warren Fox Rose Rice Moreno Schmidt Patel Ferguson Nichols
Herrera Medina Ryan Fernandez Weaver Daniels Stephens Gardner Payne Kelley Dunn Pierce Arnold Tran
Spencer Peters Hawkins Grant Hansen Castro Hoffman Hart Elliott Cunningham Knight Bradley Carroll Hudson
Duncan Armstrong Berry Andrews Johnston Ray Lane Riley Carpenter Perkins Aguilar Silva Richards Willis
Matthews Chapman Lawrence Garza Vargas Watkins Wheeler Larson Carlson Harper George Greene Burke Guzman
Morrison Munoz Jacobs Obrien Lawson Franklin Lynch Bishop Carr Salazar Austin Mendez Gilbert Jensen
Williamson Montgomery Harvey Oliver Howell Dean Hanson Weber Garrett Sims Burton Fuller Soto McCoy Welch
Chen Schultz Walters Reid Fields Walsh Little Fowler Bowman Davidson May Day Schneider Newman Brewer Lucas
Holland Wong Banks Santos Curtis Pearson Delgado Valdez Pena Rios Douglas Sandoval Barrett Hopkins Keller
Guerrero Stanley Bates Alvarado Beck Ortega Wade Estrada Contreras Barnes Caldwell Santiago Lambert Powers
Chambers Nunez Craig Leonard Lowe Rhodes Byrd Gregory Shelton Frazier Becker Maldonado Fleming Vega
Sutton Cohen Jennings Parks McDaniel Watts Barker Norris Vaughn Vazquez Holt Schwartz Steele Benson
Neal Dominguez Horton Terry Wolfe Hale Lyons Graves Haynes Miles Park Warner Padilla Bush Thornton
McCarthy Mann Zimmerman Erickson Fletcher McKinney Page Dawson Joseph Marquez Reeves Klein Espinoza
Baldwin Moran Love Robbins Higgins Ball Cortez Le Griffith Bowen Sharp Cummings Ramsey Hardy Swanson
Barber Acosta Luna Chandler Blair Daniel Cross Simon Dennis OConnor Quinn Gross Navarro Moss Fitzgerald
Doyle McLaughlin Rojas Rodgers Stevenson Singh Yang Figueroa Harmon Newton Paul Manning Garner McGee
Reese Francis Burgess Adkins Goodman Curry Brady Christensen Potter Walton Goodwin Mullins Molina Webster
Fischer Campos Avila Sherman Todd Chang Blake Malone Wolf Hodges Juarez Gill Farmer Hines Gallagher
Duran Hubbard Cannon Miranda Wang Saunders Tate Mack Hammond Carrillo Townsend Wise Ingram Barton
Mejia Ayala Schroeder Hampton Rowe Parsons Frank Waters Strickland Osborne Maxwell Chan Deleon Norman
Harrington Casey Patton Logan Bowers Mueller Glover Floyd Hartman Buchanan Cobb French Kramer McCormick
Clarke Tyler Gibbs Moody Conner Sparks McGuire Leon Bauer Norton Pope Flynn Hogan Robles Salinas Yates
Lindsey Lloyd Marsh McBride Owen Solis Pham Lang Pratt Lara Brock Ballard Trujillo Shaffer Drake Roman
Aguirre Morton Stokes Lamb Pacheco Patrick Cochran Shepherd Cain Burnett Hess Li Cervantes Olsen Briggs
Ochoa Cabrera Velasquez Montoya Roth Meyers Cardenas Fuentes Weiss Hoover Wilkins Nicholson Underwood
Short Carson Morrow Colon Holloway Summers Bryan Petersen McKenzie Serrano Wilcox Carey Clayton Poole
Calderon Gallegos Greer Rivas Guerra Decker Collier Wall Whitaker Bass Flowers Davenport Conley Houston
Huff Copeland Hood Monroe Massey Roberson Combs Franco Larsen Pittman Randall Skinner Wilkinson Kirby
Cameron Bridges Anthony Richard Kirk Bruce Singleton Mathis Bradford Boone Abbott Charles Allison Sweeney
Atkinson Horn Jefferson Rosales York Christian Phelps Farrell Castaneda Nash Dickerson Bond Wyatt Foley
Chase Gates Vincent Mathews Hodge Garrison Trevino Villarreal Heath Dalton Valencia Callahan Hensley
Atkins Huffman Roy Boyer Shields Lin Hancock Grimes Glenn Cline Delacruz Camacho Dillon Parrish ONeill
Melton Booth Kane Berg Harrell Pitts Savage Wiggins Brennan Salas Marks Russo Sawyer Baxter Golden
Hutchinson Liu Walter McDowell Wiley Rich Humphrey Johns Koch Suarez Hobbs Beard Gilmore Ibarra Keith
Macias Khan Andrade Ware Stephenson Henson Wilkerson Dyer McClure Blackwell Mercado Tanner Eaton Clay
Barron Beasley ONeal Preston Small Wu Zamora Macdonald Vance Snow McClain Stafford Orozco Barry English
Shannon Kline Jacobson Woodard Huang Kemp Mosley Prince Merritt Hurst Villanueva Roach Nolan Lam Yoder
McCullough Lester Santana Valenzuela Winters Barrera Leach Orr Berger McKee Strong Conway Stein Whitehead
Bullock Escobar Knox Meadows Solomon Velez ODonnell Kerr Stout Blankenship Browning Kent Lozano Bartlett
Pruitt Buck Barr Gaines Durham Gentry McIntyre Sloan Melendez Rocha Herman Sexton Moon Hendricks Rangel
Stark Lowery Hardin Hull Sellers Ellison Calhoun Gillespie Mora Knapp McCall Morse Dorsey Weeks Nielsen
Livingston Leblanc McLean Bradshaw Glass Middleton Buckley Schaefer Frost Howe House McIntosh Ho Pennington
Reilly Hebert McFarland Hickman Noble Spears Conrad Arias Galvan Velazquez Huynh Frederick Randolph
Cantu Fitzpatrick Mahoney Peck Villa Michael Donovan McConnell Walls Boyle Mayer Zuniga Giles Pineda Pace
Hurley Mays McMillan Crosby Ayers Case Bentley Shepard Everett Pugh David McMahon Dunlap Bender Hahn
Harding Acevedo Raymond Blackburn Duffy Landry Dougherty Bautista Shah Potts Arroyo Valentine Meza Gould
Vaughan Fry Rush Avery Herring Dodson Clements Sampson Tapia Bean Lynn Crane Farley Cisneros Benton
Ashley McKay Finley Best Blevins Friedman Moses Sosa Blanchard Huber Frye Krueger Bernard Rosario Rubio
Mullen Benjamin Haley Chung Moyer Choi Horne Yu Woodward Ali Nixon Hayden Rivers Estes Mccarty Richmond
Stuart Maynard Brandt OConnell Hanna Sanford Sheppard Church Burch Levy Rasmussen Coffey Ponce Faulkner
Donaldson Schmitt Novak Costa Montes Booker Cordova Waller Arellano Maddox Mata Bonilla Stanton Compton
Kaufman Dudley McPherson Beltran Dickson McCann Villegas Proctor Hester Cantrell Daugherty Cherry Bray
Davila Rowland Levine Madden Spence Good Irwin Werner Krause Petty Whitney Baird Hooper Pollard Zavala
Jarvis Holden Haas Hendrix McGrath Bird Lucero Terrell Riggs Joyce Mercer Rollins Galloway Duke Odom
Andersen Downs Hatfield Benitez Archer Huerta Travis McNeil Hinton Zhang Hays Mayo Fritz Branch Mooney
Ewing Ritter Esparza Frey Braun Gay Riddle Haney Kaiser Holder Chaney McKnight Gamble Vang Cooley
Carney Cowan Forbes Ferrell Davies Barajas Shea Osborn Bright Cuevas Bolton Murillo Lutz Duarte Kidd
Key Cooke Goff Dejesus Marin Dotson Bonner Cotton Merrill Lindsay Lancaster McGowan Felix Salgado Slater
Carver Guthrie Holman Fulton Snider Sears Witt Newell Byers Lehman Gorman Costello Donahue Delaney
Albert Workman Rosas Springer Kinney Justice Odell Lake Donnelly Law Dailey Guevara Shoemaker Barlow
Marino Winter Craft Katz Pickett Espinosa Maloney Daly Goldstein Crowley Vogel Kuhn Pearce Hartley
Cleveland Palacios McFadden Britt Wooten Cortes Dillard Childers Alford Dodd Emerson Wilder Lange
Goldberg Quintero Beach Enriquez Quintana Helms Mackey Finch Cramer Minor Burks Iverson Tillman
Hussain Begum Ahmed Rahman Akhtar Iqbal Bibi Mahmood Shah Riaz Sharma Kaur Gill Sandhu Chowdhury Uddin
Jenkins Lloyd Price Griffiths Powell Morgan Rees Thomas Jones Owen Pritchard Vaughan Llewellyn Bevan
Wright Walker Robinson Thompson Jackson Wood Turner Hall Green Clarke Harrison Cooper Ward Watson
Hill Morris Cox Mason Kelly Marshall Chapman Ellis Webb Rogers Holmes Mills Knight Shaw Hunt Barnes
Gibson Stevens Fisher Lawrence Dixon Pearson Butler Russell Spencer Hudson Fraser Hamilton Burton Harvey
Grant Barker Atkinson Gardner Stone Payne Andrews Lamb Armstrong Berry Field Goodwin Holland Dawson
Kaur Cartwright Whitfield Ramsden Oldroyd Brierley Greenwood Sutcliffe Ackroyd Haworth Pickles Crowther
MacLeod Campbell Stewart Robertson Murray MacDonald Reid Paterson Ross Kerr Cameron Fraser Duncan Hamilton
Lowther Kilpatrick McAllister Docherty Gallacher McGregor Munro Sinclair Sutherland Buchanan Ferguson
Byrne Kavanagh Doherty Gallagher McCarthy Brennan Quinn Murphy Walsh Ryan Kennedy Connolly Nolan Boyle
Okafor Adeyemi Mensah Boateng Osei Owusu Nwosu Eze Balogun Adebayo Okoro Afolabi Akinola Obi Chukwu
"""
# rarer surnames, made of English place-name parts: Ashworth, Holmfield, Thornley ...
RARE_PREFIXES = """Ash Brad Bright Brook Cal Chad Chester Clay Cole Cran Dal Dun Els Fair Farn Gold Ham Hart
Hather Holm Hux Kil Lang Lind Mar Mid Mor Nor Ox Pen Pem Red Roth Rud Sal Sand Shel Stan Stock Thorn Tre Wad
Wal Went Whit Wind Wool Yar Bar Bel Black Brom Bur Cars Dray Ell Fen Hal Kings Lock Mel Pick Rad Sher Tad Ux
Wex"""
RARE_SUFFIXES = """ton ley wood field ford by ham well more worth bury combe den ridge stone land shaw wick
hurst brook mere thorpe cott croft gate holme dale stead"""

# street names; "_" joins the words of one name
STREET_NAMES = """
Main Oak Maple Cedar Pine Elm Birch Willow Ash Chestnut Walnut Spruce Hickory Poplar Sycamore Magnolia
Dogwood Cherry Juniper Laurel Holly Hawthorn Beech Rowan Alder Linden Cypress Aspen Redwood Mulberry
Washington Lincoln Jefferson Madison Monroe Jackson Adams Franklin Grant Harrison Wilson Roosevelt Kennedy
Hamilton Hancock Lafayette Cleveland Taylor Pierce Polk Tyler Garfield Hayes Marshall Jay Clay Webster
Lake Hill Ridge River Park Forest Meadow Valley Spring Sunset Highland Lakeview Hillcrest Fairview
Riverside Brookside Woodland Pleasant Prospect Green Orchard Mill Church Market Center Union Water Bridge
Court School Railroad Depot Front Broad Canal Harbor Bay Beach Ocean Shore Summit Crest Cliff Meadowbrook
High Station Victoria Manor Queens Kings Albert York London Chapel Windsor Grange Springfield Stanley
Richmond Alexandra Cambridge Oxford Highfield George Broadway Woodlands Cromwell Nelson Wellington
Marlborough Devonshire Clarence Percy Trafalgar Waterloo Balmoral Belgrave Beaumont Ashford Ashley
Beechwood Birchwood Bramble Briar Broadfield Brookfield Burnside Carlton Castle Cavendish Cecil
Chantry Charlotte Cheltenham Chester Churchill Claremont Clifton Coronation Cottage Coventry Cranbrook
Crown Dale Derby Dorset Dover Drummond Dudley Durham Eastfield Eaton Edgar Egerton Elmfield Essex
Fairfield Farm Ferndale Field Fir Fox Garden Gladstone Glebe Gloucester Grafton Grasmere Greenfield
Grosvenor Grove Hallam Hampton Hanover Harcourt Hartington Hastings Hawthorne Heath Heather Hereford
Hermitage Holloway Holyrood Howard Hyde Jubilee Kenilworth Kent Keswick Kingsway Knowle Lancaster
Langdale Lansdowne Larch Lime Linden Lister Lodge Longfield Lowther Lyndhurst Malvern Mansfield Maple
Mayfield Melbourne Midland Milton Montpelier Moor Mount Napier Newport Norfolk Northfield Norwood Oakfield
Oakwood Old Orchard Osborne Palmerston Paradise Peel Pembroke Portland Priory Queensway Raglan Ravensworth
Regent Ribble Rochester Rosebery Rosemary Russell Rutland Salisbury Sandringham Saxon Scarborough Selborne
Severn Shaftesbury Sheffield Sherwood Shrewsbury Somerset Southfield Spencer Stafford Stamford Stratford
Suffolk Surrey Sussex Sutton Talbot Tennyson Thames Thornton Tudor Tyne Upton Vicarage Vine Walton Warwick
Waverley Welbeck Wentworth Westbourne Westfield Westminster Weston Whitby Wickham Wilton Winchester
Windermere Woodside Worcester Wycliffe Yarmouth Applewood Arbor Bluebird Cardinal Cherokee Colonial
Country_Club Creekside Deer_Run Eagle Evergreen Foxhall Glenwood Hidden_Valley Indian_Hill Ironwood Kingston
Liberty Lilac Locust Mockingbird Northgate Overlook Parkview Peachtree Pecan Pinehurst Quail Ranch Ravine
Red_Oak Ridgewood Rolling_Hills Sagebrush Sandpiper Shady_Oak Silver_Lake Stonegate Sugar_Maple Timber
Tulip Twin_Oaks Valley_View Village Vista Wildflower Windmill Winding_Brook Wisteria Woodbine Yorkshire
"""
US_DIRECTIONS = {"N": "North", "S": "South", "E": "East", "W": "West"}
# canonical street type -> the spellings lists use for it (abbreviations, with or without a period)
US_STREET_TYPES = {"Street": ["St", "St."], "Avenue": ["Ave", "Ave.", "Av"], "Road": ["Rd", "Rd."],
                   "Drive": ["Dr", "Dr."], "Lane": ["Ln"], "Boulevard": ["Blvd", "Blvd."], "Court": ["Ct"],
                   "Place": ["Pl"], "Circle": ["Cir"], "Terrace": ["Ter", "Terr"], "Parkway": ["Pkwy"],
                   "Way": ["Way"]}
US_TYPE_WEIGHTS = [30, 20, 14, 14, 8, 3, 4, 3, 2, 1, 1, 3]
UK_STREET_TYPES = {"Road": ["Rd", "Rd."], "Street": ["St", "St."], "Lane": ["Ln"], "Avenue": ["Ave"],
                   "Close": ["Cl"], "Drive": ["Dr"], "Crescent": ["Cres"], "Gardens": ["Gdns"],
                   "Grove": ["Gr"], "Place": ["Pl"], "Terrace": ["Terr"], "Way": ["Way"], "Court": ["Ct"],
                   "Mews": ["Mews"]}
UK_TYPE_WEIGHTS = [30, 18, 10, 9, 8, 5, 4, 3, 3, 3, 2, 3, 2, 1]

# city|state|first ZIP|area codes; bigger first
US_CITIES = """
New York|NY|10001|212 646 917;Brooklyn|NY|11201|718 347;Bronx|NY|10451|718;Staten Island|NY|10301|718
Buffalo|NY|14201|716;Rochester|NY|14604|585;Syracuse|NY|13202|315;Albany|NY|12203|518;Yonkers|NY|10701|914
Los Angeles|CA|90001|213 323 310;San Diego|CA|92101|619 858;San Jose|CA|95110|408;San Francisco|CA|94102|415
Fresno|CA|93701|559;Sacramento|CA|95814|916;Long Beach|CA|90802|562;Oakland|CA|94601|510
Bakersfield|CA|93301|661;Anaheim|CA|92801|714;Santa Ana|CA|92701|714;Riverside|CA|92501|951
Irvine|CA|92602|949;Pasadena|CA|91101|626;Chicago|IL|60601|312 773;Aurora|IL|60502|630
Naperville|IL|60540|630;Rockford|IL|61101|815;Springfield|IL|62701|217;Peoria|IL|61602|309
Houston|TX|77002|713 281 832;San Antonio|TX|78205|210;Dallas|TX|75201|214 469 972;Austin|TX|78701|512 737
Fort Worth|TX|76102|817;El Paso|TX|79901|915;Arlington|TX|76010|817;Plano|TX|75074|972;Lubbock|TX|79401|806
Corpus Christi|TX|78401|361;Laredo|TX|78040|956;Phoenix|AZ|85003|602;Tucson|AZ|85701|520;Mesa|AZ|85201|480
Scottsdale|AZ|85251|480;Chandler|AZ|85224|480;Philadelphia|PA|19102|215 267;Pittsburgh|PA|15222|412
Allentown|PA|18101|610;Erie|PA|16501|814;Harrisburg|PA|17101|717;Jacksonville|FL|32202|904
Miami|FL|33125|305 786;Tampa|FL|33602|813;Orlando|FL|32801|407;St. Petersburg|FL|33701|727
Tallahassee|FL|32301|850;Fort Lauderdale|FL|33301|954;Hialeah|FL|33010|305;Gainesville|FL|32601|352
Columbus|OH|43215|614;Cleveland|OH|44113|216;Cincinnati|OH|45202|513;Toledo|OH|43604|419;Akron|OH|44308|330
Dayton|OH|45402|937;Charlotte|NC|28202|704 980;Raleigh|NC|27601|919;Greensboro|NC|27401|336
Durham|NC|27701|919;Winston-Salem|NC|27101|336;Indianapolis|IN|46204|317;Fort Wayne|IN|46802|260
Evansville|IN|47708|812;South Bend|IN|46601|574;Seattle|WA|98101|206;Spokane|WA|99201|509
Tacoma|WA|98402|253;Vancouver|WA|98660|360;Bellevue|WA|98004|425;Denver|CO|80202|303 720
Colorado Springs|CO|80903|719;Aurora|CO|80010|303;Boulder|CO|80302|303;Fort Collins|CO|80521|970
Washington|DC|20001|202;Boston|MA|02108|617 857;Worcester|MA|01608|508;Springfield|MA|01103|413
Cambridge|MA|02138|617;Lowell|MA|01852|978;Nashville|TN|37203|615;Memphis|TN|38103|901
Knoxville|TN|37902|865;Chattanooga|TN|37402|423;Detroit|MI|48226|313;Grand Rapids|MI|49503|616
Ann Arbor|MI|48104|734;Lansing|MI|48933|517;Portland|OR|97204|503 971;Eugene|OR|97401|541;Salem|OR|97301|503
Las Vegas|NV|89101|702;Henderson|NV|89002|702;Reno|NV|89501|775;Oklahoma City|OK|73102|405
Tulsa|OK|74103|918;Louisville|KY|40202|502;Lexington|KY|40507|859;Baltimore|MD|21202|410 443
Annapolis|MD|21401|410;Frederick|MD|21701|301;Milwaukee|WI|53202|414;Madison|WI|53703|608
Green Bay|WI|54301|920;Albuquerque|NM|87102|505;Santa Fe|NM|87501|505;Kansas City|MO|64106|816
St. Louis|MO|63101|314;Springfield|MO|65806|417;Omaha|NE|68102|402;Lincoln|NE|68508|402
Atlanta|GA|30303|404 678 470;Savannah|GA|31401|912;Augusta|GA|30901|706;Athens|GA|30601|706
Minneapolis|MN|55401|612;St. Paul|MN|55101|651;Rochester|MN|55901|507;New Orleans|LA|70112|504
Baton Rouge|LA|70801|225;Shreveport|LA|71101|318;Wichita|KS|67202|316;Topeka|KS|66603|785
Virginia Beach|VA|23451|757;Norfolk|VA|23510|757;Richmond|VA|23219|804;Arlington|VA|22201|703 571
Alexandria|VA|22314|703;Birmingham|AL|35203|205;Montgomery|AL|36104|334;Huntsville|AL|35801|256
Mobile|AL|36602|251;Little Rock|AR|72201|501;Fayetteville|AR|72701|479;Jackson|MS|39201|601
Des Moines|IA|50309|515;Cedar Rapids|IA|52401|319;Salt Lake City|UT|84101|801 385;Provo|UT|84601|801
Boise|ID|83702|208;Honolulu|HI|96813|808;Anchorage|AK|99501|907;Hartford|CT|06103|860;New Haven|CT|06510|203
Stamford|CT|06901|203;Bridgeport|CT|06604|203;Providence|RI|02903|401;Newark|NJ|07102|973 862
Jersey City|NJ|07302|201 551;Paterson|NJ|07505|973;Trenton|NJ|08608|609;Princeton|NJ|08540|609
Manchester|NH|03101|603;Portland|ME|04101|207;Burlington|VT|05401|802;Wilmington|DE|19801|302
Charleston|SC|29401|843;Columbia|SC|29201|803;Greenville|SC|29601|864;Charleston|WV|25301|304
Fargo|ND|58102|701;Sioux Falls|SD|57104|605;Billings|MT|59101|406;Cheyenne|WY|82001|307
Columbia|MO|65201|573
"""
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
# town|county|postcode districts (area letters:first-last)|national dialling prefixes (no trunk 0,
# with the subscriber's first digit where only some are in use); bigger first
UK_TOWNS = """
London|Greater London|E:1-18 N:1-22 NW:1-11 SE:1-28 SW:2-20 W:2-14|207 208 203
Manchester|Greater Manchester|M:1-40|161;Salford|Greater Manchester|M:3-7|161
Stockport|Greater Manchester|SK:1-8|161;Bolton|Greater Manchester|BL:1-7|1204
Wigan|Greater Manchester|WN:1-6|1942;Oldham|Greater Manchester|OL:1-9|161
Birmingham|West Midlands|B:1-45|1214 1213 1216 1217 1212;Coventry|West Midlands|CV:1-6|2476
Wolverhampton|West Midlands|WV:1-14|1902;Leeds|West Yorkshire|LS:1-29|1132 1133 1134
Bradford|West Yorkshire|BD:1-15|1274;Wakefield|West Yorkshire|WF:1-4|1924
Huddersfield|West Yorkshire|HD:1-8|1484;Sheffield|South Yorkshire|S:1-36|1142 1143
Doncaster|South Yorkshire|DN:1-12|1302;York|North Yorkshire|YO:1-32|1904
Hull|East Riding of Yorkshire|HU:1-17|1482;Liverpool|Merseyside|L:1-38|151
Newcastle upon Tyne|Tyne and Wear|NE:1-15|191;Sunderland|Tyne and Wear|SR:1-6|191
Middlesbrough|North Yorkshire|TS:1-9|1642;Durham|County Durham|DH:1-7|191
Nottingham|Nottinghamshire|NG:1-17|1159 1158 1156;Leicester|Leicestershire|LE:1-5|1162 1163
Derby|Derbyshire|DE:1-24|1332;Stoke-on-Trent|Staffordshire|ST:1-6|1782;Lincoln|Lincolnshire|LN:1-6|1522
Northampton|Northamptonshire|NN:1-7|1604;Bristol|Bristol|BS:1-16|1179 1173;Bath|Somerset|BA:1-2|1225
Exeter|Devon|EX:1-4|1392;Plymouth|Devon|PL:1-9|1752;Truro|Cornwall|TR:1-4|1872
Gloucester|Gloucestershire|GL:1-4|1452;Cheltenham|Gloucestershire|GL:50-53|1242
Swindon|Wiltshire|SN:1-5|1793;Salisbury|Wiltshire|SP:1-2|1722;Bournemouth|Dorset|BH:1-11|1202
Poole|Dorset|BH:12-17|1202;Southampton|Hampshire|SO:14-19|2380;Portsmouth|Hampshire|PO:1-6|2392
Winchester|Hampshire|SO:22-23|1962;Reading|Berkshire|RG:1-6|1189 1183;Oxford|Oxfordshire|OX:1-4|1865
Milton Keynes|Buckinghamshire|MK:1-15|1908;Cambridge|Cambridgeshire|CB:1-5|1223
Peterborough|Cambridgeshire|PE:1-7|1733;Norwich|Norfolk|NR:1-7|1603;Ipswich|Suffolk|IP:1-4|1473
Colchester|Essex|CO:1-4|1206;Chelmsford|Essex|CM:1-3|1245;Southend-on-Sea|Essex|SS:0-3|1702
Luton|Bedfordshire|LU:1-4|1582;Watford|Hertfordshire|WD:17-25|1923;St Albans|Hertfordshire|AL:1-4|1727
Brighton|East Sussex|BN:1-3|1273;Eastbourne|East Sussex|BN:20-23|1323;Canterbury|Kent|CT:1-4|1227
Maidstone|Kent|ME:14-17|1622;Guildford|Surrey|GU:1-5|1483;Preston|Lancashire|PR:1-5|1772
Blackpool|Lancashire|FY:1-5|1253;Lancaster|Lancashire|LA:1-2|1524;Carlisle|Cumbria|CA:1-3|1228
Chester|Cheshire|CH:1-4|1244;Warrington|Cheshire|WA:1-5|1925;Shrewsbury|Shropshire|SY:1-5|1743
Worcester|Worcestershire|WR:1-5|1905;Hereford|Herefordshire|HR:1-4|1432
Cardiff|South Glamorgan|CF:10-24|2920;Swansea|West Glamorgan|SA:1-8|1792;Newport|Gwent|NP:10-20|1633
Wrexham|Clwyd|LL:11-14|1978;Edinburgh|Midlothian|EH:1-17|131;Glasgow|Lanarkshire|G:1-53|141
Aberdeen|Aberdeenshire|AB:10-25|1224;Dundee|Angus|DD:1-5|1382;Inverness|Inverness-shire|IV:1-3|1463
Stirling|Stirlingshire|FK:7-9|1786;Belfast|County Antrim|BT:1-17|2890;Derry|County Londonderry|BT:47-48|2871
Croydon|Greater London|CR:0-9|208;Kingston upon Thames|Greater London|KT:1-3|208
"""
UK_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
UK_MOBILE_PREFIXES = ("74", "75", "78", "79", "77")  # national, without the trunk 0

PERSONAL_DOMAINS = {"US": ["gmail.com"] * 6 + ["yahoo.com"] * 3 + ["hotmail.com", "outlook.com", "aol.com",
                                                                  "icloud.com", "comcast.net", "att.net"],
                    "GB": ["gmail.com"] * 4 + ["hotmail.co.uk"] * 2 + ["yahoo.co.uk", "btinternet.com",
                                                                       "outlook.com", "sky.com", "icloud.com",
                                                                       "live.co.uk"]}
GENERIC_MAILBOXES = ["info", "info", "info", "office", "hello", "contact", "sales", "admin", "enquiries"]

FIRM_PLACES = """Summit|Harbor|Lakeside|Riverside|Pinecrest|Northgate|Oakwood|Silver Creek|Blue Ridge
Granite|Keystone|Liberty|Pioneer|Evergreen|Horizon|Beacon|Crescent|Meridian|Redwood|Sterling|Cornerstone
Atlas|Apex|Coastal|Heritage|Metro|Prairie|Westfield|Ironwood|Clearwater|Hillside|Parkside|Kingsway|Pennine
Cotswold|Highland|Mercia|Wessex|Bluebird|Cardinal|Eagle|Falcon|Lighthouse|Anchor|Compass|Pinnacle|Premier
Landmark|Mission|Frontier|Juniper|Willow|Cedar|Birch|Maple|Northstar|Southside|Eastside|Midtown|Uptown
Harborview|Stonebridge|Fairway|Greenleaf|Brightwater|Copper|Kettle|Thistle|Rosewood|Oak Hill|Golden Valley
Red Rock"""
FIRM_TRADES = """Dental|Plumbing|Roofing|Landscaping|Auto Repair|Electric|Heating & Cooling|Construction
Realty|Insurance|Accounting|Consulting|Logistics|Freight|Printing|Bakery|Catering|Florist|Fitness
Veterinary Clinic|Pharmacy|Cleaning Services|Marketing|Software|Engineering|Architects|Property Management
Financial Services|Manufacturing|Machine Works|Supply|Packaging|Storage|Solar|Security|Staffing|Travel
Design|Photography|Dry Cleaning|Tyres|Joinery|Builders|Electrical|Estate Agents|Associates|Technologies
Holdings|Partners|Group|Systems|Industries|International|Brothers|Management|Medical|Legal Services
Physical Therapy|Glass"""
SOLE_TRADES = ["Plumbing", "Electrical", "Roofing", "Painting & Decorating", "Landscaping", "Carpentry",
               "Handyman Services", "Tiling", "Locksmiths", "Auto Repair", "Bookkeeping", "Photography",
               "Tree Service"]
LEGAL_FORMS = {"US": ["Inc", "Inc.", "LLC", "LLC", "LLC", "Corp", "& Co", ""],
               "GB": ["Ltd", "Ltd", "Limited", "& Co", ""]}
LEGAL_VARIANTS = {"Inc": ["Inc", "Inc.", ", Inc.", "Incorporated", ""], "Inc.": ["Inc.", "Inc", ", Inc.", ""],
                  "LLC": ["LLC", "L.L.C.", ", LLC", ""], "Corp": ["Corp", "Corp.", "Corporation", ""],
                  "Ltd": ["Ltd", "Ltd.", "Limited", "LTD", ""], "Limited": ["Limited", "Ltd", "Ltd.", ""]}
WORD_ABBREVIATIONS = {"Associates": "Assoc.", "Services": "Svcs", "International": "Intl",
                      "Manufacturing": "Mfg", "Brothers": "Bros", "Construction": "Constr.",
                      "Management": "Mgmt", "Technologies": "Tech", "Engineering": "Eng.", "Company": "Co",
                      "Insurance": "Ins."}

SALES_REPS = ["Jessica Turner", "Marcus Hill", "Priya Raman", "Tom Becker", "Alicia Gomez", "Owen Price", ""]
JUNK_PEOPLE = [("Test", "Test"), ("test", "test"), ("asdf", "asdf"), ("Mickey", "Mouse"), ("Donald", "Duck"),
               ("xxx", "xxx"), ("Test", "User"), ("asd", "qwerty"), ("Fake", "Name"), ("Aaa", "Aaa")]
JUNK_FIRMS = ["Test Company", "asdf", "Test Ltd", "ACME Test Inc", "xxx", "Sample Business LLC"]
JUNK_PHONES = ["555-0000", "(000) 000-0000", "123-456-7890", "+1 111 111 1111", "000000", "999-999-9999",
               "0000 000 0000", "1234567"]
JUNK_EMAILS = ["test@test.com", "asdf@asdf.com", "a@a.com", "noemail@none.com", "x@example.com", ""]
FORMULA = '=HYPERLINK("http://bit.ly/{code}","Click here")'

REFERENCE_DAY = date(2025, 6, 30)  # ages and create dates are counted back from here, never from today
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _names(block: str) -> list[tuple[str, tuple[str, ...]]]:
    """(name, nicknames) from "Name:Nick,Nick" words, duplicates dropped."""
    out: dict[str, tuple[str, ...]] = {}
    for word in block.split():
        name, _, nicks = word.partition(":")
        out.setdefault(name, tuple(nicks.split(",")) if nicks else ())
    return list(out.items())


def _zipf_cumulative(n: int, shift: float, power: float) -> list[float]:
    """Cumulative weights 1/(rank+shift)^power for ranks 1..n: common names repeat, the tail is long."""
    return list(accumulate(1 / (rank + shift) ** power for rank in range(1, n + 1)))


@dataclass(frozen=True)
class Place:
    """A city or town: its state (US) or county (GB), how its postcodes look and its dialling prefixes."""
    city: str
    region: str
    country: str
    postcodes: tuple  # US: (first ZIP,); GB: ((area letters, first district, last district), ...)
    dials: tuple[str, ...]


def _places(block: str, country: str) -> list[Place]:
    places = []
    for item in re.split(r"[;\n]", block.strip()):
        city, region, codes, dials = item.split("|")
        if country == "US":
            postcodes: tuple = (int(codes),)
        else:  # "E:1-18 N:1-22": area letters and the range of district numbers
            postcodes = tuple((letters, int(first), int(last)) for letters, first, last
                              in (re.split(r"[:-]", spec) for spec in codes.split()))
        places.append(Place(city, region, country, postcodes, tuple(dials.split())))
    return places


MALE = _names(MALE_NAMES)
FEMALE = _names(FEMALE_NAMES)
NICKNAMES = dict(MALE + FEMALE)
HEAD_SURNAMES = list(dict.fromkeys(SURNAMES.split()))
RARE_SURNAMES = sorted({p + s for p in RARE_PREFIXES.split() for s in RARE_SUFFIXES.split()}
                       - set(HEAD_SURNAMES))
RARE_SHARE = 0.3  # people with a surname outside the common ones
STREETS = list(dict.fromkeys(w.replace("_", " ") for w in STREET_NAMES.split()))
FIRM_PLACE_WORDS = FIRM_PLACES.replace("\n", "|").split("|")
FIRM_TRADE_WORDS = FIRM_TRADES.replace("\n", "|").split("|")
US_PLACES = _places(US_CITIES, "US")
UK_PLACES = _places(UK_TOWNS, "GB")
# more people live in the big places: weights fall with the position in the list, largest first
US_PLACE_CUM = _zipf_cumulative(len(US_PLACES), 8, 1.0)
UK_PLACE_CUM = _zipf_cumulative(len(UK_PLACES), 3, 0.8)


# ---------------------------------------------------------------- entities
@dataclass
class Address:
    """One street address. `landline` is the national number of the home or office line ("" when none)."""
    number: str
    direction: str  # US "N", "S", ... before the street name, or ""
    street: str
    kind: str       # canonical street type: "Street", "Road" ...
    unit: str       # "Apt 4B", "Flat 3", "Suite 200" or ""
    place: Place
    postcode: str
    landline: str = ""


@dataclass
class Firm:
    """A business: its name without the legal form, the form, its office, switchboard and generic e-mail."""
    country: str
    name: str
    form: str
    address: Address
    phone: str
    email: str
    domain: str
    kind: str = "firm"  # firm or sole_trader
    the: bool = False   # "The" belongs to the name


@dataclass
class Person:
    country: str
    gender: str
    first: str
    last: str
    middle: str               # initial, or ""
    dob: date | None
    addresses: list[Address]  # the home, then the new home of someone who moved
    mobile: str
    email: str
    maiden: str = ""          # surname before marriage, used by some lists
    suffix: str = ""          # "Jr."
    employer: Firm | None = None
    direct: str = ""          # direct work line
    work_email: str = ""
    kind: str = "person"


@dataclass
class Group:
    """Entities made together; `trap` names what makes them look alike ("" for a single entity)."""
    members: list[Person | Firm]
    trap: str = ""


class World:
    """Makes entities out of the pools, drawing every random value from one seeded generator and keeping
    phones, e-mails, firm names and domains unique between entities that are meant to be different."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.phones: set[str] = set()
        self.emails: set[str] = set()
        self.firm_names: set[str] = set()
        self.domains: set[str] = set()
        self.first_cum = {"m": _zipf_cumulative(len(MALE), 4, 0.9),
                          "f": _zipf_cumulative(len(FEMALE), 4, 0.9)}
        self.surname_cum = _zipf_cumulative(len(HEAD_SURNAMES), 12, 1.1)

    # ---- names and dates
    def first_name(self, gender: str, common: bool = False) -> str:
        pool = MALE if gender == "m" else FEMALE
        cum = self.first_cum[gender][:25] if common else self.first_cum[gender]
        return pool[bisect(cum, self.rng.random() * cum[-1])][0]

    def surname(self, common: bool = False) -> str:
        if not common and self.rng.random() < RARE_SHARE:
            return self.rng.choice(RARE_SURNAMES)
        cum = self.surname_cum[:40] if common else self.surname_cum
        return HEAD_SURNAMES[bisect(cum, self.rng.random() * cum[-1])]

    def dob(self, lo: int = 18, hi: int = 85) -> date:
        """A date of birth for an age between lo and hi, adults of working age more likely."""
        age = min(max(int(self.rng.triangular(lo, hi, 42)), lo), hi)
        return REFERENCE_DAY - timedelta(days=age * 365 + self.rng.randrange(365))

    # ---- places, addresses and numbers
    def place(self, country: str) -> Place:
        places, cum = (US_PLACES, US_PLACE_CUM) if country == "US" else (UK_PLACES, UK_PLACE_CUM)
        return places[bisect(cum, self.rng.random() * cum[-1])]

    def postcode(self, place: Place) -> str:
        rng = self.rng
        if place.country == "US":
            return f"{place.postcodes[0] + rng.randrange(12):05d}"
        letters, first, last = rng.choice(place.postcodes)
        inward = rng.choice(UK_INWARD_LETTERS) + rng.choice(UK_INWARD_LETTERS)
        return f"{letters}{rng.randint(first, last)} {rng.randrange(10)}{inward}"

    def address(self, country: str, place: Place | None = None, unit_share: float = 0.25,
                office: bool = False) -> Address:
        rng = self.rng
        place = place or self.place(country)
        if country == "US":
            kind = rng.choices(list(US_STREET_TYPES), US_TYPE_WEIGHTS)[0]
            direction = rng.choice("NSEW") if rng.random() < 0.15 else ""
            number = str(rng.randint(100, 9999) if rng.random() < 0.8 else rng.randint(1, 99))
            homes = [f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}", f"Apt {rng.randint(1, 400)}",
                     f"Unit {rng.randint(1, 40)}", f"#{rng.randint(1, 30)}"]
            unit = f"Suite {rng.randint(1, 9)}{rng.randint(0, 3)}0" if office else rng.choice(homes)
        else:
            kind = rng.choices(list(UK_STREET_TYPES), UK_TYPE_WEIGHTS)[0]
            direction = ""
            number = str(rng.randint(1, 180))
            unit = f"Unit {rng.randint(1, 20)}" if office else f"Flat {rng.randint(1, 24)}"
        unit = unit if rng.random() < unit_share else ""
        return Address(number, direction, rng.choice(STREETS), kind, unit, place, self.postcode(place))

    def phone(self, place: Place, mobile: bool = False) -> str:
        """A new national number (no trunk 0), unique in the world: a line of the place, or a mobile."""
        rng = self.rng
        while True:
            if place.country == "US":
                number = rng.choice(place.dials) + str(rng.randint(2, 9)) + f"{rng.randrange(10**6):06d}"
                if number[4:6] == "11" or number[3:6] == "555":  # N11 service codes, 555 directory numbers
                    continue
            else:
                prefix = rng.choice(UK_MOBILE_PREFIXES) if mobile else rng.choice(place.dials)
                rest = "".join(str(rng.randrange(10)) for _ in range(9 - len(prefix)))
                number = prefix + str(rng.randint(2, 8)) + rest
            tail = number[-7:]
            if len(set(tail)) > 3 and tail not in "0123456789" and number not in self.phones:
                self.phones.add(number)
                return number

    def unique_email(self, local: str, domain: str) -> str:
        local = re.sub(r"[^a-z0-9._]", "", local.lower())
        candidate, tries = f"{local}@{domain}", 0
        while candidate in self.emails:  # jsmith7@, then wider numbers when the short ones are gone
            tries += 1
            candidate = f"{local}{self.rng.randint(1, 99 if tries < 50 else 99999)}@{domain}"
        self.emails.add(candidate)
        return candidate

    def personal_email(self, first: str, last: str, dob: date | None, country: str) -> str:
        rng = self.rng
        first, last = _ascii(first), _ascii(last)
        year = str(dob.year)[2:] if dob else str(rng.randint(10, 99))
        local = rng.choice([f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}_{last}",
                            f"{first}{last}{year}", f"{first}.{last}{year}", f"{last}{first[0]}"])
        return self.unique_email(local, rng.choice(PERSONAL_DOMAINS[country]))

    # ---- people
    def person(self, country: str, gender: str | None = None, first: str | None = None,
               last: str | None = None, dob: date | None = None, home: Address | None = None,
               married: bool = True) -> Person:
        """A new person; what is not given is drawn. Some women have a maiden name (`married`), some
        people a second home they moved to."""
        rng = self.rng
        gender = gender or rng.choice("mf")
        first = first or self.first_name(gender)
        last = last or self.surname()
        dob = dob or (self.dob() if rng.random() < 0.92 else None)
        home = home or self.address(country)
        if not home.landline and rng.random() < 0.45:
            home.landline = self.phone(home.place)
        mobile = self.phone(home.place, mobile=True) if rng.random() < 0.88 else ""
        middle = rng.choice("ABCDEFGHJKLMNPRSTW") if rng.random() < 0.35 else ""
        person = Person(country, gender, first, last, middle, dob, [home], mobile, "")
        if married and gender == "f" and dob and dob.year < 1998 and rng.random() < 0.18:
            person.maiden = self.surname()
        if rng.random() < 0.85:
            person.email = self.personal_email(first, person.maiden or last, dob, country)
        if rng.random() < 0.08:
            self.move(person)
        return person

    def move(self, person: Person) -> None:
        """A new home: another street of the same place or another place; the mobile and e-mail stay."""
        rng = self.rng
        place = person.addresses[0].place if rng.random() < 0.5 else self.place(person.country)
        new_home = self.address(person.country, place)
        if rng.random() < 0.4:
            new_home.landline = self.phone(place)
        if not person.mobile and not person.email:
            person.mobile = self.phone(place, mobile=True)
        person.addresses.append(new_home)

    def employ(self, person: Person, firm: Firm) -> None:
        person.employer = firm
        if self.rng.random() < 0.5:
            person.direct = self.phone(firm.address.place)
        first, last = _ascii(person.first), _ascii(person.last)
        local = self.rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}"])
        person.work_email = self.unique_email(local, firm.domain)

    # ---- firms
    def firm_name(self, bare: bool = False) -> str:
        """A new firm name without its legal form; `bare` is a surname alone, for "Miller & Co", while one
        is left (a longer name after ten tries)."""
        rng = self.rng
        tries = 0
        while True:
            tries += 1
            style = rng.random()
            place, trade = rng.choice(FIRM_PLACE_WORDS), rng.choice(FIRM_TRADE_WORDS)
            if bare and tries <= 10:
                name = self.surname()
            elif style < 0.45:
                name = f"{place} {trade}"
            elif style < 0.7:
                name = f"{self.surname()} {trade}"
            elif style < 0.85:
                name = f"{self.surname()} & {self.surname()}"
            else:
                name = f"{place} {rng.choice(FIRM_PLACE_WORDS)} {trade}"
            words = name.split()
            if name.lower() not in self.firm_names and len(set(words)) == len(words):
                self.firm_names.add(name.lower())
                return name

    def domain(self, name: str, country: str) -> str:
        stem = re.sub(r"[^a-z0-9]", "", _ascii(name).replace("&", "and"))[:24]
        tlds = [".com", ".com", ".net", ".us"] if country == "US" else [".co.uk", ".co.uk", ".com"]
        tld = self.rng.choice(tlds)
        domain, tries = stem + tld, 0
        while domain in self.domains:
            tries += 1
            domain = f"{stem}{self.rng.randint(2, 99 if tries < 50 else 99999)}{tld}"
        self.domains.add(domain)
        return domain

    def firm(self, country: str, address: Address | None = None) -> Firm:
        rng = self.rng
        form = rng.choice(LEGAL_FORMS[country])
        name = self.firm_name(bare=form == "& Co")
        if " " in name:
            form = form.replace("& Co", "")
        address = address or self.address(country, unit_share=0.4, office=True)
        domain = self.domain(name, country)
        mailbox = rng.choice(GENERIC_MAILBOXES)
        return Firm(country, name, form, address, self.phone(address.place), f"{mailbox}@{domain}", domain,
                    the=rng.random() < 0.08)

    def sole_trader(self, country: str) -> Firm:
        """A one-person business listed by its trade name: "Dave Miller Plumbing", "Okafor Electrical"."""
        rng = self.rng
        first, last = self.first_name(rng.choice("mf")), self.surname()
        called = rng.choice(NICKNAMES[first] or (first,))
        name = f"{rng.choice([f'{called} {last}', last, f'{first[0]}. {last}'])} {rng.choice(SOLE_TRADES)}"
        while name.lower() in self.firm_names:
            name = f"{self.surname()} {rng.choice(SOLE_TRADES)}"
        self.firm_names.add(name.lower())
        address = self.address(country, unit_share=0.1)
        form = rng.choice(["", "", "", "LLC"] if country == "US" else ["", "", "", "Ltd"])
        domain = self.domain(name, country)
        phone = self.phone(address.place, mobile=rng.random() < 0.5)
        mailbox = rng.choice(["info", "office", _ascii(first)])
        return Firm(country, name, form, address, phone, f"{mailbox}@{domain}", domain, kind="sole_trader")


def _ascii(text: str) -> str:
    """A name as it goes into an e-mail address or domain: lower case, no accents, spaces or punctuation."""
    return text.lower().translate(str.maketrans("ëéáâ", "eeaa", "' -"))


# ---------------------------------------------------------------- groups of entities
def make_group(world: World) -> Group:
    """One draw: a single person or firm, or a trap group of entities that look alike."""
    rng = world.rng
    r = rng.random()
    if r < 0.08:
        return household(world)
    if r < 0.13:
        return colleagues(world)
    if r < 0.16:
        return namesakes(world)
    if r < 0.18:
        return building(world)
    if r < 0.32:
        country = "US" if rng.random() < 0.85 else "GB"
        return Group([world.sole_trader(country) if rng.random() < 0.15 else world.firm(country)])
    return Group([world.person(_person_country(rng))])


def _person_country(rng: random.Random) -> str:
    return "US" if rng.random() < 0.65 else "GB"


def household(world: World) -> Group:
    """Two to four people at one address on one home line, sharing the surname: a couple, adult children,
    a son named after his father ("Jr.")."""
    rng = world.rng
    country = _person_country(rng)
    home = world.address(country)
    home.landline = world.phone(home.place)
    last = world.surname()
    head = world.person(country, "m", last=last, dob=world.dob(40, 80), home=home)
    members = [head]
    if rng.random() < 0.85:
        spouse_dob = head.dob + timedelta(days=rng.randint(-2500, 2500))
        members.append(world.person(country, "f", last=last, dob=spouse_dob, home=home))
    for _ in range(rng.choice([0, 1, 1, 2])):
        born = head.dob + timedelta(days=rng.randint(20 * 365, 38 * 365))
        if REFERENCE_DAY - born < timedelta(days=18 * 365):
            continue
        junior = country == "US" and rng.random() < 0.35 and not any(m.suffix for m in members)
        gender = "m" if junior else rng.choice("mf")
        child = world.person(country, gender, first=head.first if junior else None, last=last, dob=born,
                             home=home, married=False)
        child.suffix = "Jr." if junior else ""
        members.append(child)
    for member in members:  # a household does not move as one: keep them at the shared address
        del member.addresses[1:]
    return Group(members, "household" if len(members) > 1 else "")


def colleagues(world: World) -> Group:
    """Two to five people of one firm, sharing its switchboard and office address; most live nearby."""
    rng = world.rng
    country = _person_country(rng)
    firm = world.firm(country)
    staff = []
    for _ in range(rng.randint(2, 5)):
        near = firm.address.place if rng.random() < 0.8 else None
        person = world.person(country, home=world.address(country, near))
        world.employ(person, firm)
        staff.append(person)
    return Group(staff, "colleagues")


def namesakes(world: World) -> Group:
    """Two people with one common full name, different dates of birth, homes and numbers."""
    rng = world.rng
    gender = rng.choice("mf")
    first, last = world.first_name(gender, common=True), world.surname(common=True)
    country = _person_country(rng)
    people = [world.person(country if rng.random() < 0.8 else _person_country(rng), gender, first, last,
                           married=False) for _ in range(2)]
    return Group(people, "namesake")


def building(world: World) -> Group:
    """Two or three firms at one street address (suites differ or are left out), each with its own phone."""
    rng = world.rng
    country = "US" if rng.random() < 0.8 else "GB"
    shared = world.address(country, unit_share=0.0, office=True)
    firms = []
    for _ in range(rng.choice([2, 2, 3])):
        us_suite, uk_unit = f"Suite {rng.randint(1, 12)}{rng.randint(0, 9)}0", f"Unit {rng.randint(1, 20)}"
        unit = (us_suite if country == "US" else uk_unit) if rng.random() < 0.6 else ""
        office = Address(shared.number, shared.direction, shared.street, shared.kind, unit, shared.place,
                         shared.postcode)
        firms.append(world.firm(country, office))
    return Group(firms, "building")


# ---------------------------------------------------------------- variation between rows of one entity
def typo(rng: random.Random, text: str) -> str:
    """One slip of the keyboard: a neighbouring key, a letter dropped, doubled or swapped (not the first)."""
    spots = [i for i in range(1, len(text)) if text[i].isalpha()]
    if len(text) < 4 or not spots:
        return text
    i = rng.choice(spots)
    slip = rng.randrange(4)
    if slip == 0:
        row = next((r for r in KEYBOARD_ROWS if text[i].lower() in r), None)
        if row is None:
            return text
        j = row.index(text[i].lower())
        new = row[j - 1] if j and (j == len(row) - 1 or rng.random() < 0.5) else row[j + 1]
        return text[:i] + (new.upper() if text[i].isupper() else new) + text[i + 1:]
    if slip == 1:
        return text[:i] + text[i + 1:]
    if slip == 2:
        return text[:i] + text[i] + text[i:]
    if i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:] if i > 1 else text


def recase(rng: random.Random, text: str, upper: float = 0.04, lower: float = 0.03) -> str:
    r = rng.random()
    return text.upper() if r < upper else text.lower() if r < upper + lower else text


def vary_dob(rng: random.Random, dob: date | None) -> date | None:
    """The date as written: usually right, sometimes day and month swapped or a digit off."""
    if dob is None:
        return None
    r = rng.random()
    if r < 0.04 and dob.day <= 12 and dob.day != dob.month:
        return dob.replace(day=dob.month, month=dob.day)
    if r < 0.07:
        if rng.random() < 0.5 and not (dob.month == 2 and dob.day == 29):
            return dob.replace(year=dob.year + rng.choice((-1, 1)))
        return dob + timedelta(days=rng.choice((-1, 1)) if 1 < dob.day < 28 else 0)
    return dob


@dataclass
class View:
    """How one row shows a person: the name and date of birth as written, which of the addresses."""
    first: str
    last: str
    middle: str
    suffix: str
    dob: date | None
    address: Address
    linked: bool  # a moved or married-name row: it keeps a contact that ties it to the person


def view_person(rng: random.Random, p: Person, nickname: float) -> View:
    """A nickname (with probability `nickname`) or the maiden name, a typo, the Jr. or not, the old or the
    new home; a married-name row keeps the first name and the true date of birth."""
    first, last = p.first, p.last
    maiden = bool(p.maiden) and rng.random() < 0.4
    moved = len(p.addresses) > 1 and rng.random() < 0.5
    if maiden:
        last = p.maiden
    elif NICKNAMES.get(first) and rng.random() < nickname:
        first = rng.choice(NICKNAMES[first])
    if rng.random() < 0.04:
        first = typo(rng, first)
    if rng.random() < 0.04:
        last = typo(rng, last)
    suffix = p.suffix if rng.random() < 0.5 else ""
    dob = p.dob if maiden else vary_dob(rng, p.dob)
    return View(first, last, p.middle, suffix, dob, p.addresses[-1 if moved else 0], maiden or moved)


def street_line(rng: random.Random, a: Address, usps: bool = False) -> str:
    """Number, direction, street and type as one list writes them; USPS style is capitals, abbreviated."""
    types = US_STREET_TYPES if a.place.country == "US" else UK_STREET_TYPES
    street = typo(rng, a.street) if rng.random() < 0.03 else a.street
    if usps:
        kind = types[a.kind][0].upper().rstrip(".")
        return " ".join(x for x in (a.number, a.direction, street.upper(), kind) if x)
    kind = a.kind if rng.random() < 0.5 else rng.choice(types[a.kind])
    direction = a.direction and (a.direction if rng.random() < 0.6 else US_DIRECTIONS[a.direction])
    return recase(rng, " ".join(x for x in (a.number, direction, street, kind) if x), 0.03, 0.02)


def unit_text(rng: random.Random, a: Address, usps: bool = False) -> str:
    """The apartment, flat or suite: often left out."""
    if not a.unit or rng.random() < 0.35:
        return ""
    if usps:
        return a.unit.upper().replace("SUITE", "STE")
    if a.unit.startswith("Apt") and rng.random() < 0.3:
        return a.unit.replace("Apt ", rng.choice(["Apt. ", "#", "Apartment "]))
    return a.unit


def address_text(rng: random.Random, a: Address) -> str:
    """Street and unit in one field, as a CRM keeps them."""
    unit = unit_text(rng, a)
    return f"{street_line(rng, a)}{rng.choice([' ', ', '])}{unit}" if unit else street_line(rng, a)


def postcode_text(rng: random.Random, a: Address) -> str:
    if a.place.country == "GB":
        r = rng.random()
        return a.postcode.replace(" ", "") if r < 0.08 else a.postcode.lower() if r < 0.1 else a.postcode
    return a.postcode


def region_text(rng: random.Random, a: Address) -> str:
    if a.place.country == "US" and rng.random() < 0.25:
        return US_STATES[a.place.region]
    return a.place.region


# ---------------------------------------------------------------- phones
def phone_text(rng: random.Random, number: str, country: str, international: bool) -> str:
    """A national number (no trunk 0) in one of the ways people write it; `international` when the list
    does not say the row's country, so the number has to."""
    if not number:
        return ""
    if country == "US":
        a, b, c = number[:3], number[3:6], number[6:]
        styles = [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"{a}{b}{c}", f"1-{a}-{b}-{c}",
                  f"+1 {a} {b} {c}", f"+1 ({a}) {b}-{c}", f"+1{a}{b}{c}"]
        return rng.choice(styles[5:] if international else styles)
    groups = _uk_groups(number)
    spaced = " ".join(groups)
    bracketed = f"(0{groups[0]}) {' '.join(groups[1:])}" if number[0] != "7" else "0" + spaced  # not a mobile
    styles = ["0" + spaced, "0" + spaced, bracketed, "0" + number,
              "+44 " + spaced, f"+44 (0){spaced}", "+44" + number, "0044 " + spaced]
    return rng.choice(styles[4:] if international else styles)


def _uk_groups(number: str) -> list[str]:
    """How a UK number is spaced: 20 7946 0018, 161 496 0123, 1223 456789, 7700 900123."""
    if number[0] == "2":
        return [number[:2], number[2:6], number[6:]]
    if number[0] == "1" and "1" in number[1:3]:
        return [number[:3], number[3:6], number[6:]]
    return [number[:4], number[4:]]


# ---------------------------------------------------------------- firm names
def firm_text(rng: random.Random, f: Firm) -> str:
    """The firm's name as one row writes it: legal form varied or dropped, "The", "&"/"and",
    abbreviations, a typo, capitals."""
    name = f.name
    if f.form == "& Co":
        name += rng.choice([" & Co", " & Co.", " and Co", " & Company"])
    elif f.form:
        form = rng.choice(LEGAL_VARIANTS[f.form]) if rng.random() < 0.5 else f.form
        name += form if form.startswith(",") or not form else f" {form}"
    if "&" in f.name and rng.random() < 0.25:
        name = name.replace(" & ", " and ", 1)
    if rng.random() < 0.15:
        word = next((w for w in WORD_ABBREVIATIONS if w in name), None)
        name = name.replace(word, WORD_ABBREVIATIONS[word]) if word else name
    if f.kind == "firm" and f.the != (rng.random() < 0.1):
        name = "The " + name
    if rng.random() < 0.05:
        name = typo(rng, name)
    return recase(rng, name, 0.06, 0.02)


# ---------------------------------------------------------------- the five lists
@dataclass(frozen=True)
class ListFile:
    """One list: its header, how it is written, and what sources.yaml says about it."""
    header: tuple[str, ...]
    encoding: str
    delimiter: str | None  # None: JSON Lines
    source: str
    kind: str
    country: str
    # the register quotes every field: unquoted, its one comma a row ("SMITH, John") out-votes the
    # semicolons when the delimiter is sniffed
    quote_all: bool = False


HUBSPOT, MARKETING, REGISTER = "hubspot_contacts.csv", "marketing_list.csv", "uk_register.csv"
DIRECTORY, WEBINAR = "business_directory.csv", "webinar_signups.jsonl"
FILES = {
    HUBSPOT: ListFile(("Record ID", "First Name", "Last Name", "Email", "Phone Number",
                       "Mobile Phone Number", "Company Name", "Street Address", "City", "State/Region",
                       "Postal Code", "Country/Region", "Date of birth", "Contact owner", "Create Date"),
                      "utf-8", ",", "HubSpot CRM export", "crm_export", "US"),
    MARKETING: ListFile(("fname", "lname", "dob", "address_1", "address_2", "city", "state", "zip", "cell",
                         "email"), "utf-8", ",", "Purchased consumer list", "purchased", "US"),
    REGISTER: ListFile(("Name", "Date of Birth", "Address Line 1", "Address Line 2", "Town", "Postcode",
                        "Telephone"), "cp1252", ";", "UK public register extract", "public_register", "GB",
                       quote_all=True),
    # "Company", not "Business Name": leadsweep reads "... Name" as a person's full name
    DIRECTORY: ListFile(("Company", "Street", "City", "State", "ZIP", "Phone", "Email"),
                        "utf-8", "\t", "Local business directory", "directory", "US"),
    WEBINAR: ListFile((), "utf-8", None, "Webinar sign-up form", "web_form", "US"),
}
# which lists a kind of entity turns up in, and how often
FILE_WEIGHTS = {
    ("person", "US"): {HUBSPOT: 30, MARKETING: 45, WEBINAR: 25},
    ("person", "GB"): {REGISTER: 50, HUBSPOT: 15, MARKETING: 15, WEBINAR: 20},
    ("worker", "US"): {HUBSPOT: 45, MARKETING: 20, WEBINAR: 35},
    ("worker", "GB"): {HUBSPOT: 35, REGISTER: 25, MARKETING: 10, WEBINAR: 30},
    ("firm", "US"): {DIRECTORY: 72, HUBSPOT: 14, WEBINAR: 14},
    ("firm", "GB"): {DIRECTORY: 40, HUBSPOT: 30, WEBINAR: 30},
}
ROW_COUNTS, ROW_COUNT_WEIGHTS = (1, 2, 3, 4), (62, 25, 9, 4)  # rows per entity: mean about 1.55
JUNK_SHARE = 0.02
JUNK_FILE_WEIGHTS = {HUBSPOT: 2, MARKETING: 2, REGISTER: 1, DIRECTORY: 1, WEBINAR: 4}


def choose_files(rng: random.Random, entity: Person | Firm, n: int) -> list[str]:
    """The lists an entity's n rows land in: mostly different ones, sometimes twice in one list."""
    role = "firm" if isinstance(entity, Firm) else "worker" if entity.employer else "person"
    weights = FILE_WEIGHTS[role, entity.country]
    chosen: list[str] = []
    for _ in range(n):
        fresh = {f: w for f, w in weights.items() if f not in chosen}
        pool = fresh if fresh and rng.random() < 0.75 else weights
        chosen.append(rng.choices(list(pool), list(pool.values()))[0])
    return chosen


class Lists:
    """The rows of the five lists as they are made, each rendered to its line of text at once (a million
    rows as Python lists of cells would not fit in memory comfortably)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: dict[str, list[tuple[str, str]]] = {name: [] for name in FILES}  # (person_id, line)
        self.record_ids: set[int] = set()
        self._buffer = io.StringIO()
        self._writers = {name: csv.writer(self._buffer, delimiter=spec.delimiter, lineterminator="\n",
                                          quoting=csv.QUOTE_ALL if spec.quote_all else csv.QUOTE_MINIMAL)
                         for name, spec in FILES.items() if spec.delimiter}

    def add(self, name: str, person_id: str, record: list[str] | dict) -> None:
        self.rows[name].append((person_id, self.line(name, record)))

    def line(self, name: str, record: list[str] | tuple[str, ...] | dict) -> str:
        """One record as a line of its list, without the line end."""
        if name == WEBINAR:
            return json.dumps(record, ensure_ascii=False)
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writers[name].writerow(record)
        return self._buffer.getvalue()[:-1]

    def add_entity(self, person_id: str, entity: Person | Firm, n: int) -> None:
        for name in choose_files(self.rng, entity, n):
            render = RENDERERS[name, isinstance(entity, Firm)]
            self.add(name, person_id, render(self, entity))

    # ---- HubSpot
    def hubspot_meta(self) -> tuple[str, str, str]:
        """Record ID, contact owner and create date: columns no lead field is made of."""
        rng = self.rng
        record_id = rng.randrange(10**9, 10**10)
        while record_id in self.record_ids:
            record_id = rng.randrange(10**9, 10**10)
        self.record_ids.add(record_id)
        created = datetime(2019, 1, 1) + timedelta(minutes=rng.randrange(6 * 365 * 24 * 60))
        return str(record_id), rng.choice(SALES_REPS), created.strftime("%Y-%m-%d %H:%M")

    def country_label(self, country: str) -> str:
        labels = (["United States"] * 6 + ["USA", "US"] if country == "US"
                  else ["United Kingdom"] * 5 + ["UK", "GB", "England"])
        return "" if self.rng.random() < 0.12 else self.rng.choice(labels)

    def hubspot_person(self, p: Person) -> list[str]:
        """Work details for people at a firm (switchboard or direct line, office, work e-mail), else home."""
        rng = self.rng
        v = view_person(rng, p, nickname=0.15)
        work = p.employer is not None and rng.random() < 0.7
        first = f"{v.first} {v.middle}." if v.middle and rng.random() < 0.08 else v.first
        last = f"{v.last} {v.suffix}" if v.suffix else v.last
        address = p.employer.address if work and rng.random() < 0.6 else v.address
        country = self.country_label(p.country)
        intl = not country and p.country != "US"
        if work:
            line = p.direct if p.direct and rng.random() < 0.5 else p.employer.phone
        else:
            line = address.landline if rng.random() < 0.7 else ""
        mobile = p.mobile if rng.random() < (0.9 if v.linked or not line else 0.45) else ""
        email = p.work_email if work and rng.random() < 0.8 else p.email
        email = email if rng.random() < 0.85 or v.linked else ""
        record_id, owner, created = self.hubspot_meta()
        return [record_id, recase(rng, first), recase(rng, last), email,
                phone_text(rng, line, p.country, intl), phone_text(rng, mobile, p.country, intl),
                firm_text(rng, p.employer) if work else "", address_text(rng, address), address.place.city,
                region_text(rng, address), postcode_text(rng, address), country,
                v.dob.isoformat() if v.dob and rng.random() < 0.55 else "", owner, created]

    def hubspot_firm(self, f: Firm) -> list[str]:
        rng = self.rng
        a = f.address
        country = self.country_label(f.country)
        phone = phone_text(rng, f.phone, f.country, not country and f.country != "US")
        record_id, owner, created = self.hubspot_meta()
        return [record_id, "", "", f.email if rng.random() < 0.4 else "", phone, "", firm_text(rng, f),
                address_text(rng, a), a.place.city, region_text(rng, a), postcode_text(rng, a), country, "",
                owner, created]

    # ---- the purchased consumer list
    def marketing_person(self, p: Person) -> list[str]:
        """US rows often in USPS capitals; ZIPs with +4 or a leading zero lost; UK numbers with +44."""
        rng = self.rng
        v = view_person(rng, p, nickname=0.1)
        usps = p.country == "US" and rng.random() < 0.4
        a = v.address
        first = f"{v.first} {v.middle}." if v.middle and rng.random() < 0.1 else v.first
        first, last = (first.upper(), v.last.upper()) if usps else (recase(rng, first), recase(rng, v.last))
        last = f"{last} {v.suffix.upper() if usps else v.suffix}" if v.suffix else last
        zip_code = postcode_text(rng, a)
        if p.country == "US" and rng.random() < 0.1:
            zip_code = f"{zip_code}-{rng.randrange(10000):04d}"
        if zip_code.startswith("0") and rng.random() < 0.5:
            zip_code = zip_code[1:]  # a ZIP that went through a spreadsheet
        number = (p.mobile or a.landline) if rng.random() < 0.85 or v.linked else ""
        city = a.place.city.upper() if usps else a.place.city
        return [first, last, v.dob.strftime("%m/%d/%Y") if v.dob and rng.random() < 0.85 else "",
                street_line(rng, a, usps), unit_text(rng, a, usps), city,
                a.place.region if p.country == "US" else "", zip_code,
                phone_text(rng, number, p.country, p.country != "US"),
                p.email if rng.random() < 0.6 or v.linked else ""]

    # ---- the UK register
    def register_person(self, p: Person) -> list[str]:
        """"SURNAME, Forename M", formal first names, DD/MM/YYYY, flat in line 2 or before the street."""
        rng = self.rng
        v = view_person(rng, p, nickname=0.03)
        forename = f"{v.first} {v.middle}" if v.middle and rng.random() < 0.25 else v.first
        surname = v.last if rng.random() < 0.08 else v.last.upper()
        a = v.address
        line1, line2 = street_line(rng, a), unit_text(rng, a)
        if line2 and rng.random() < 0.3:
            line1, line2 = f"{line2}, {line1}", ""
        number = a.landline if a.landline and rng.random() < 0.7 else p.mobile
        number = number if rng.random() < 0.75 or v.linked else ""
        phone = phone_text(rng, number, p.country, p.country != "GB")
        return [f"{surname}, {forename}", v.dob.strftime("%d/%m/%Y") if v.dob and rng.random() < 0.92 else "",
                line1, line2, a.place.city.upper() if rng.random() < 0.3 else a.place.city,
                postcode_text(rng, a), phone]

    # ---- the business directory
    def directory_firm(self, f: Firm) -> list[str]:
        rng = self.rng
        a = f.address
        unit = unit_text(rng, a)
        return [firm_text(rng, f), f"{street_line(rng, a)}{', ' if unit else ''}{unit}", a.place.city,
                a.place.region, postcode_text(rng, a), phone_text(rng, f.phone, f.country, f.country != "US"),
                f.email if rng.random() < 0.5 else ""]

    # ---- the web form
    def webinar_person(self, p: Person) -> dict:
        """The name as typed (nicknames, lower case), work details for people at a firm."""
        rng = self.rng
        v = view_person(rng, p, nickname=0.3)
        name = " ".join(x for x in (v.first, f"{v.middle}." if v.middle and rng.random() < 0.12 else "",
                                    v.last, v.suffix) if x)
        work = p.employer is not None and rng.random() < 0.75
        number = (p.direct or p.employer.phone) if work and rng.random() < 0.4 else p.mobile
        record = {"full_name": recase(rng, name, 0.03, 0.15),
                  "email": p.work_email if work and rng.random() < 0.7 else p.email,
                  "company": firm_text(rng, p.employer) if work else "",
                  "phone": number, "country": self.webinar_country(p.country)}
        return self._typed(record, p.country, keep=("email", "phone") if v.linked else ())

    def webinar_firm(self, f: Firm) -> dict:
        record = {"email": f.email, "company": firm_text(self.rng, f), "phone": f.phone,
                  "country": self.webinar_country(f.country)}
        return self._typed(record, f.country, keep=("company",))

    def webinar_country(self, country: str) -> str:
        us, uk = ["US", "US", "USA", "United States"], ["UK", "UK", "GB", "United Kingdom"]
        return self.rng.choice(us if country == "US" else uk)

    def _typed(self, record: dict, country: str, keep: tuple[str, ...]) -> dict:
        """Keys left out or empty the way a form leaves them; the phone as the person typed it."""
        rng = self.rng
        typed = {}
        for key, value in record.items():
            if not value or (key not in keep and rng.random() < (0.02 if key == "full_name" else 0.25)):
                if rng.random() < 0.3:
                    typed[key] = ""
                continue
            typed[key] = value
        if not any(typed.get(key) for key in ("full_name", "email", "phone", "company")):
            key = "full_name" if record.get("full_name") else "company"  # a form needs something to submit
            typed[key] = record[key]
        if typed.get("phone"):
            international = not typed.get("country") and country != "US"
            typed["phone"] = phone_text(rng, typed["phone"], country, international)
        return typed

    # ---- junk
    def junk(self, name: str) -> list[str] | dict:
        """A fake entry: test names, keyboard mash, cartoon characters, a formula, placeholder numbers."""
        rng = self.rng
        first, last = rng.choice(JUNK_PEOPLE)
        if rng.random() < 0.15:
            first = FORMULA.format(code=f"{rng.randrange(36**5):x}")
        phone, email = rng.choice(JUNK_PHONES), rng.choice(JUNK_EMAILS)
        if name == HUBSPOT:
            record_id, owner, created = self.hubspot_meta()
            return [record_id, first, last, email, phone, "", "", "", "", "", "", "", "", owner, created]
        if name == MARKETING:
            dob = "01/01/1900" if rng.random() < 0.3 else ""
            return [first, last, dob, "123 Fake St", "", "Springfield", "", "00000", phone, email]
        if name == REGISTER:
            return [f"{last.upper()}, {first}", "", "1 Test Road", "", "Testtown", "", "0000 000000"]
        if name == DIRECTORY:  # no name field, so no formula: its quotes would be the only ones in the file
            return [rng.choice(JUNK_FIRMS), "123 Main St", "Anytown", "", "00000", phone, email]
        return {"full_name": f"{first} {last}", "email": email, "phone": phone}


RENDERERS = {
    (HUBSPOT, False): Lists.hubspot_person, (HUBSPOT, True): Lists.hubspot_firm,
    (MARKETING, False): Lists.marketing_person, (REGISTER, False): Lists.register_person,
    (DIRECTORY, True): Lists.directory_firm,
    (WEBINAR, False): Lists.webinar_person, (WEBINAR, True): Lists.webinar_firm,
}


# ---------------------------------------------------------------- writing
def generate_people(out: Path, rows: int, seed: int = 1) -> Path:
    """Write the five lists with `rows` rows in all (2% of them junk) and their _meta; return `out`."""
    rng = random.Random(seed)
    world, lists = World(rng), Lists(rng)
    junk_rows = round(rows * JUNK_SHARE)
    budget = rows - junk_rows
    entities: list[tuple[str, str, str]] = []  # person_id, kind, country
    traps: list[tuple[str, str, str]] = []     # trap, group, person_id
    groups = 0
    while budget > 0:
        group = make_group(world)
        groups += 1
        ids = []
        for entity in group.members:
            n = min(rng.choices(ROW_COUNTS, ROW_COUNT_WEIGHTS)[0], budget)
            if n == 0:
                break
            budget -= n
            person_id = f"P{len(entities) + 1:07d}"
            ids.append(person_id)
            entities.append((person_id, entity.kind, entity.country))
            lists.add_entity(person_id, entity, n)
        if group.trap and len(ids) > 1:
            traps += [(group.trap, f"{group.trap[0].upper()}{groups:07d}", person_id) for person_id in ids]
    junk_files = rng.choices(list(JUNK_FILE_WEIGHTS), list(JUNK_FILE_WEIGHTS.values()), k=junk_rows)
    for i, name in enumerate(junk_files, start=1):
        lists.add(name, f"J{i:07d}", lists.junk(name))
    write_lists(out, lists)
    _write_csv(out / "_meta" / "entities.csv", ["person_id", "kind", "country"], entities)
    _write_csv(out / "_meta" / "traps.csv", ["trap", "group", "person_id"], traps)
    return out


def write_lists(out: Path, lists: Lists) -> None:
    """Each list in its own order (shuffled), with its header and encoding; truth.csv and sources.yaml."""
    out.mkdir(parents=True, exist_ok=True)
    truth = []
    for name, spec in FILES.items():
        rows = lists.rows[name]
        lists.rng.shuffle(rows)
        lines = ([lists.line(name, spec.header)] if spec.header else []) + [line for _, line in rows]
        newline = "\r\n" if spec.encoding == "cp1252" else "\n"  # the register comes from Windows
        (out / name).write_bytes((newline.join(lines) + newline).encode(spec.encoding))
        truth += [(name, i, person_id) for i, (person_id, _) in enumerate(rows, start=1)]
    _write_csv(out / "_meta" / "truth.csv", ["source_file", "source_row", "person_id"], truth)
    sources = [{"file": name, "source": spec.source, "kind": spec.kind, "country": spec.country}
               for name, spec in FILES.items()]
    (out / "_meta" / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}, sort_keys=False),
                                                encoding="utf-8")


def _write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the second benchmark's US/UK lead lists.")
    parser.add_argument("out", type=Path, help="directory to write the lists and _meta/ into")
    parser.add_argument("--rows", type=int, required=True, help="rows in all the lists together")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate_people(args.out, args.rows, args.seed)
    print(f"wrote {args.rows} rows to {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
